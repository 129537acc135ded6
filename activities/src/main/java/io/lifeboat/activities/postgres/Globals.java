package io.lifeboat.activities.postgres;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a database needs from its cluster and a {@code pg_dump} leaves out: the roles its objects
 * name (owners, grantees, the members and memberships around them), their role-level settings, and
 * the database's own properties (owner, grants, {@code ALTER DATABASE ... SET}). Stored beside the
 * dump as {@code globals.json.zst.pgp} so the dump restores into a cluster that has none of them.
 *
 * @param passwords whether {@link Role#password()}s were captured (only a superuser can read them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Globals(int formatVersion, String serverVersion, DatabaseProperties database, List<Role> roles,
    List<Membership> memberships, boolean passwords) {

  public static final int FORMAT_VERSION = 1;
  /** Why a role is captured: it owns something, is granted something, or is a member/membership of those. */
  public static final String OWNER = "owner";
  public static final String GRANTEE = "grantee";
  public static final String RELATED = "related";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param defaultGrants the database has PostgreSQL's default ACL ({@code grants} is then empty);
   *     else {@code grants} is all of it
   * @param settings {@code name=value} as {@code pg_db_role_setting} holds them, for every role
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DatabaseProperties(String name, String owner, String encoding, String collate, String ctype,
      boolean defaultGrants, List<Grant> grants, List<String> settings) {}

  /** One privilege of the database's ACL; {@code grantee} null is PUBLIC. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Grant(String grantee, String privilege, boolean grantable) {}

  /**
   * @param referencedAs {@link #OWNER}, {@link #GRANTEE}, {@link #RELATED}
   * @param connectionLimit -1: none
   * @param validUntil as PostgreSQL prints it, null: forever
   * @param password the stored verifier (SCRAM or md5), null when not captured or none
   * @param settings {@code name=value} for the role in every database
   * @param databaseSettings {@code name=value} for the role in this database
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Role(String name, List<String> referencedAs, boolean superuser, boolean inherit, boolean createRole,
      boolean createDb, boolean login, boolean replication, boolean bypassRls, int connectionLimit,
      String validUntil, String password, List<String> settings, List<String> databaseSettings) {

    /**
     * Whether a restore needs it: grantees always; owners and the roles around them unless the
     * restore gives everything to the connecting user ({@code noOwner}).
     */
    public boolean neededBy(boolean noOwner) {
      return referencedAs.contains(GRANTEE) || !noOwner;
    }

    /** Whether the restore fails without it (not just the application later). */
    public boolean requiredBy(boolean noOwner) {
      return referencedAs.contains(GRANTEE) || (!noOwner && referencedAs.contains(OWNER));
    }
  }

  /** {@code member} is granted {@code role}. */
  public record Membership(String role, String member, boolean admin) {}

  /** The names of the roles {@link Role#neededBy} a restore, in order. */
  public List<Role> neededBy(boolean noOwner) {
    return roles.stream().filter(r -> r.neededBy(noOwner)).toList();
  }

  /** Names of the roles a restore fails without. */
  public Set<String> requiredBy(boolean noOwner) {
    Set<String> names = new LinkedHashSet<>();
    roles.stream().filter(r -> r.requiredBy(noOwner)).forEach(r -> names.add(r.name()));
    return names;
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Globals fromJson(byte[] json) {
    try {
      Globals read = JSON.readValue(json, Globals.class);
      return new Globals(read.formatVersion, read.serverVersion, read.database,
          read.roles == null ? List.of() : read.roles,
          read.memberships == null ? List.of() : new ArrayList<>(read.memberships), read.passwords);
    } catch (IOException e) {
      throw new UncheckedIOException("the backup's globals object does not parse: " + e.getMessage(), e);
    }
  }
}
