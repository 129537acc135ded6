package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tenant options are checked before anything is asked of the API: one line of error, one of hint. */
class TenantOptionsTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void aRestoreNamesItsServerOnce() {
    assertThat(run("restore", "latest", "--target", "saas", "--to", "standby", "--to-host", "db2")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("""
        error: --to and --to-host both name the server to restore onto
        hint: give --to DESTINATION (declared under destinations:) or --to-host HOST [--to-port PORT], not both
        """);
  }

  @Test
  void aPortNeedsItsHost() {
    assertThat(run("restore", "latest", "--target", "saas", "--to-port", "5433")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("""
        error: --to-port is given without --to-host
        hint: add --to-host HOST, or leave out --to-port
        """);
  }

  @Test
  void oneTenantOrAPatternNotBoth() {
    assertThat(run("backup", "saas", "--schema", "tenant_a", "--schemas", "tenant_*")).isEqualTo(2);
    assertThat(err.toString()).contains("--schema=SCHEMA, --schemas=PATTERN are mutually exclusive");
  }

  @Test
  void aTenantsBackupsNeedTheTarget() {
    assertThat(run("backups", "--schema", "tenant_a")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("""
        error: --schema needs --target
        hint: add --target NAME: the PostgreSQL target the schema is in
        """);
  }
}
