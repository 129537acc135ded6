package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Where test restores of PostgreSQL backups run ({@code verification:}, optional). By default in
 * a private, empty cluster the worker starts with the machine's PostgreSQL binaries, so that a
 * verified backup is known to restore on a server without the source's roles.
 *
 * <pre>
 * verification:
 *   scratchServer:          # instead of a private cluster: a server to test-restore on
 *     host: scratch-pg.internal
 *     port: 5432
 *     user: lifeboat        # a superuser or CREATEROLE + CREATEDB: it creates roles and databases
 *     password: ${SCRATCH_PG_PASSWORD}
 *   postgresBinaries: /usr/lib/postgresql   # holds <major>/bin/initdb (Debian's layout)
 *   osUser: postgres        # the private cluster runs as this user when the worker is root
 * </pre>
 */
public class VerificationConfig {
  @Valid @Nullable @JsonProperty private ScratchServer scratchServer;

  @NotBlank @JsonProperty private String postgresBinaries = "/usr/lib/postgresql";

  @NotBlank @JsonProperty private String osUser = "postgres";

  /** A PostgreSQL server test restores create their scratch databases (and missing roles) on, then drop. */
  public static class ScratchServer {
    @NotBlank @JsonProperty private String host;
    @Min(1) @Max(65535) @JsonProperty private int port = 5432;
    @NotBlank @JsonProperty private String user;
    @Nullable @JsonProperty private String password;

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }

    @Nullable
    public String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }
  }

  @Nullable
  public ScratchServer getScratchServer() {
    return scratchServer;
  }

  public void setScratchServer(@Nullable ScratchServer scratchServer) {
    this.scratchServer = scratchServer;
  }

  public String getPostgresBinaries() {
    return postgresBinaries;
  }

  public void setPostgresBinaries(String postgresBinaries) {
    this.postgresBinaries = postgresBinaries;
  }

  public String getOsUser() {
    return osUser;
  }

  public void setOsUser(String osUser) {
    this.osUser = osUser;
  }
}
