package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants as schemas of one database of a real private PostgreSQL cluster, with S3Proxy and the
 * Temporal test server over gRPC: one tenant backed up, verified and restored into the live
 * database while the others, and sessions using them, carry on untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantSchemasEndToEndTest {
  private static final String TARGET = "saas";
  private static final List<String> TENANTS = List.of("tenant_a", "tenant_b", "tenant_c", "tenant_d");

  @TempDir static Path dir;
  private LifeboatStack stack;

  @BeforeAll
  void start() throws Exception {
    stack = LifeboatStack.start(dir, List.of(TARGET));
    try (Connection db = stack.embedded.postgres().connect(TARGET); Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE public.plans (name text PRIMARY KEY, seats int NOT NULL)");
      sql.execute("INSERT INTO public.plans VALUES ('small', 5), ('large', 500)");
      for (int i = 0; i < TENANTS.size(); i++) {
        createTenant(sql, TENANTS.get(i), 50 * (i + 1));
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    stack.close();
  }

  /** A tenant with a sequence, a foreign key, a view and a function that names its own tables. */
  private static void createTenant(Statement sql, String schema, int orders) throws SQLException {
    sql.execute("CREATE SCHEMA " + schema);
    sql.execute("CREATE TABLE " + schema + ".customers (id serial PRIMARY KEY, name text NOT NULL)");
    sql.execute("CREATE TABLE " + schema + ".orders (id serial PRIMARY KEY, customer int NOT NULL REFERENCES "
        + schema + ".customers, amount numeric(10,2) NOT NULL, note text)");
    sql.execute("CREATE VIEW " + schema + ".totals AS SELECT customer, sum(amount) AS total FROM " + schema
        + ".orders GROUP BY customer");
    sql.execute("CREATE FUNCTION " + schema + ".order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM "
        + schema + ".orders'");
    sql.execute("INSERT INTO " + schema + ".customers (name) SELECT '" + schema + " customer ' || g"
        + " FROM generate_series(1, 10) g");
    sql.execute("INSERT INTO " + schema + ".orders (customer, amount, note) SELECT 1 + g % 10, g * 1.25,"
        + " repeat('x', g % 40) FROM generate_series(1, " + orders + ") g");
  }

  private BackupResult backupTenant(String schema) {
    return stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET, schema))
        .backup(new BackupRequest(TARGET, "test", "tester", schema));
  }

  /** A restore that replaces a tenant is approved by a second person, as the target requires by default. */
  private RestoreResult restoreTenant(String schema, String backup, boolean replace) {
    return SecondPerson.approves(stack.workflow(RestoreWorkflow.class,
        RestoreWorkflow.schemaWorkflowId(TARGET, schema)), new RestoreRequest(TARGET, backup, null, replace, null, "tester", schema));
  }

  private SchemaFingerprint fingerprint(String schema) throws Exception {
    return SchemaFingerprint.of(stack.server(), TARGET, schema);
  }

  private List<SchemaFingerprint> fingerprints(List<String> schemas) throws Exception {
    List<SchemaFingerprint> all = new ArrayList<>();
    for (String schema : schemas) {
      all.add(fingerprint(schema));
    }
    all.add(fingerprint("public"));
    return all;
  }

  private List<String> schemas() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection db = stack.embedded.postgres().connect(TARGET); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
            + " AND nspname <> 'information_schema' ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aTenantRestoreBringsBackItsSchemaAndLeavesTheOtherTenantsUntouched() throws Exception {
    SchemaFingerprint original = fingerprint("tenant_a");
    BackupResult backup = backupTenant("tenant_a");
    VerifyResult verified = stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
        .verify(new VerifyRequest(backup.backupId(), true, "tester"));
    List<String> others = List.of("tenant_b", "tenant_c", "tenant_d");
    List<SchemaFingerprint> othersBefore = fingerprints(others);

    try (Connection otherTenant = stack.embedded.postgres().connect(TARGET);
        Connection damage = stack.embedded.postgres().connect(TARGET); Statement sql = damage.createStatement()) {
      long tenantBOrders = count(otherTenant, "SELECT count(*) FROM tenant_b.orders");
      sql.execute("DELETE FROM tenant_a.orders WHERE id % 3 = 0");
      sql.execute("DROP VIEW tenant_a.totals");
      sql.execute("INSERT INTO tenant_a.customers (name) VALUES ('written after the backup')");

      RestoreResult restored = restoreTenant("tenant_a", "latest", true);

      assertThat(restored.backupId()).isEqualTo(backup.backupId());
      assertThat(fingerprint("tenant_a")).isEqualTo(original);
      assertThat(count(otherTenant, "SELECT tenant_a.order_count()")).isEqualTo(50);
      assertThat(fingerprints(others)).isEqualTo(othersBefore);
      // A session open on another tenant all along keeps working, and sees the same data.
      assertThat(count(otherTenant, "SELECT count(*) FROM tenant_b.orders")).isEqualTo(tenantBOrders);
      assertThat(stack.catalog.findBackup(restored.safetyBackupId())).get()
          .satisfies(safety -> assertThat(safety.kind()).isEqualTo("pg-schema-safety"))
          .satisfies(safety -> assertThat(safety.schema()).isEqualTo("tenant_a"));
    }
    assertThat(verified.testRestore().comparison().compared()).as("the tenant's tables, counted").isPositive();
    assertThat(stack.catalog.findBackup(backup.backupId())).get()
        .satisfies(entry -> assertThat(entry.kind()).isEqualTo("pg-schema"))
        .satisfies(entry -> assertThat(entry.schema()).isEqualTo("tenant_a"));
    // The old schema is dropped once the run succeeded; no staging schema or scratch database is left.
    assertThat(schemas()).containsExactly("public", "tenant_a", "tenant_b", "tenant_c", "tenant_d");
    assertThat(stack.embedded.postgres().databaseExists("lifeboat_tenant_"
        + backup.backupId().toLowerCase().replaceAll("[^a-z0-9]", "_"))).isFalse();
    // "latest" for a tenant is that tenant's latest tenant backup, never a safety backup.
    assertThat(stack.catalog.latestSchemaBackup(TARGET, "pg-schema", "tenant_a")).get()
        .extracting(BackupEntry::backupId).isEqualTo(backup.backupId());
  }

  @Test
  void aTenantInUseIsNotSwappedAndNothingChanges() throws Exception {
    BackupResult backup = backupTenant("tenant_c");
    try (Connection busy = stack.embedded.postgres().connect(TARGET)) {
      busy.setAutoCommit(false);
      busy.createStatement().execute("UPDATE tenant_c.customers SET name = name WHERE id = 1");
      List<SchemaFingerprint> before = fingerprints(TENANTS);

      assertThatThrownBy(() -> restoreTenant("tenant_c", backup.backupId(), true))
          .satisfies(e -> {
            assertThat(Failures.type(e)).isEqualTo(FailureTypes.SCHEMA_IN_USE);
            assertThat(Failures.message(e.getCause())).contains("schema tenant_c of target saas is in use: pid ",
                "idle in transaction", "nothing was changed");
          });
      busy.rollback();
      assertThat(fingerprints(TENANTS)).isEqualTo(before);
    }
    assertThat(schemas()).containsExactly("public", "tenant_a", "tenant_b", "tenant_c", "tenant_d");
  }

  @Test
  void anotherTenantsBackupRestoresNothingAndANonEmptyTenantNeedsReplace() throws Exception {
    backupTenant("tenant_d");
    List<SchemaFingerprint> before = fingerprints(TENANTS);

    assertThatThrownBy(() -> restoreTenant("tenant_d", "latest", false))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("--replace", "nothing was changed");
        });
    assertThatThrownBy(() -> restoreTenant("tenant_x", "latest", true))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.BACKUP_NOT_FOUND);
          assertThat(Failures.message(e.getCause())).contains("lifeboat backup saas --schema tenant_x");
        });
    assertThat(fingerprints(TENANTS)).isEqualTo(before);
  }

  @Test
  void anUnknownSchemaIsRefusedBeforeAnythingIsStored() throws Exception {
    int backupsBefore = stack.catalog.listBackups(TARGET, 100).size();

    assertThatThrownBy(() -> backupTenant("tenant_typo"))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.UNKNOWN_SCHEMA);
          assertThat(Failures.message(e.getCause())).contains("schema tenant_typo does not exist",
              "tenant_a, tenant_b, tenant_c, tenant_d");
        });
    assertThat(stack.catalog.listBackups(TARGET, 100)).hasSize(backupsBefore);
  }

  @Test
  void theFanOutBacksUpEveryMatchingTenantAndAPatternMatchingNothingIsRefused() throws Exception {
    TenantBackupResult result = stack.workflow(TenantBackupWorkflow.class,
            TenantBackupWorkflow.workflowId(TARGET, "tenant_*"))
        .backupTenants(new TenantBackupRequest(TARGET, "tenant_*", 2, "nightly", "tester"));

    assertThat(result.failed()).isEmpty();
    assertThat(result.tenants()).extracting(TenantBackupResult.Tenant::schema).containsExactlyElementsOf(TENANTS);
    for (TenantBackupResult.Tenant tenant : result.tenants()) {
      assertThat(stack.catalog.findBackup(tenant.backupId())).get()
          .satisfies(entry -> assertThat(entry.schema()).isEqualTo(tenant.schema()));
    }
    assertThatThrownBy(() -> stack.workflow(TenantBackupWorkflow.class,
            TenantBackupWorkflow.workflowId(TARGET, "customer_*"))
        .backupTenants(new TenantBackupRequest(TARGET, "customer_*", 2, "nightly", "tester")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.UNKNOWN_SCHEMA);
          assertThat(Failures.message(e.getCause())).contains("matches 'customer_*'", "public, tenant_a");
        });
  }
}
