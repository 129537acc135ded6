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
  void aRestoreNamesADatabaseOrASchemaNotBoth() {
    assertThat(run("restore", "latest", "--target", "saas", "--into", "saas", "--schema", "tenant_a")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("""
        error: restore needs where to: both --into and --schema given
        hint: add --into DATABASE (a whole database) or --schema SCHEMA (one tenant), not both
        """);
  }

  @Test
  void aRestoreWithoutDestinationSaysWhatToAdd() {
    assertThat(run("restore", "latest", "--target", "saas")).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: restore needs where to: neither --into and --schema given\n");
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
