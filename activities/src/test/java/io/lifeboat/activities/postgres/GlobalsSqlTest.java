package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL made from captured globals: quoted as {@code pg_dumpall} quotes, safe for any name or value. */
class GlobalsSqlTest {
  private static final Globals.Role READER = new Globals.Role("app \"reader\"", List.of(Globals.GRANTEE), false, true,
      false, false, true, false, false, 5, "2031-01-01 00:00:00+00", "SCRAM-SHA-256$4096:x", List.of("work_mem=8MB"),
      List.of("search_path=\"$user\", app, \"Straße, Ost\""));

  @Test
  void aRoleIsCreatedWithEveryAttributeAndItsPassword() {
    assertThat(GlobalsSql.createRole(READER, true)).isEqualTo("CREATE ROLE \"app \"\"reader\"\"\" WITH NOSUPERUSER"
        + " INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5"
        + " PASSWORD 'SCRAM-SHA-256$4096:x' VALID UNTIL '2031-01-01 00:00:00+00'");
    assertThat(GlobalsSql.createRole(READER, false)).doesNotContain("PASSWORD");
  }

  @Test
  void aListSettingIsSplitIntoItsIdentifiersEachQuotedAsALiteral() {
    assertThat(GlobalsSql.set("search_path=\"$user\", app, \"Straße, Ost\""))
        .isEqualTo(" SET \"search_path\" TO '$user', 'app', 'Straße, Ost'");
    assertThat(GlobalsSql.set("work_mem=8MB")).isEqualTo(" SET \"work_mem\" TO '8MB'");
    assertThat(GlobalsSql.set("app.greeting=it's=ok")).isEqualTo(" SET \"app.greeting\" TO 'it''s=ok'");
    assertThat(GlobalsSql.identifiers("\"a\"\"b\", c ,d")).containsExactly("a\"b", "c", "d");
  }

  @Test
  void theScriptCreatesOnlyMissingRolesAndSetsTheDatabaseNamedByPsqlsVariable() {
    Globals globals = new Globals(Globals.FORMAT_VERSION, "15.10", new Globals.DatabaseProperties("shop", "owner",
        "UTF8", "C", "C", false, List.of(new Globals.Grant(null, "TEMPORARY", false)), List.of("work_mem=4MB")),
        List.of(READER), List.of(new Globals.Membership("pg_read_all_data", READER.name(), false)), true);

    String script = GlobalsSql.script(globals);

    assertThat(script).contains("\\set dbname 'shop'")
        .contains("IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app \"reader\"') THEN")
        .contains("GRANT \"pg_read_all_data\" TO \"app \"\"reader\"\"\";")
        .contains("ALTER ROLE \"app \"\"reader\"\"\" IN DATABASE :\"dbname\" SET \"search_path\" TO '$user', 'app',"
            + " 'Straße, Ost';")
        .contains("ALTER DATABASE :\"dbname\" OWNER TO \"owner\";")
        .contains("REVOKE ALL ON DATABASE :\"dbname\" FROM PUBLIC;")
        .contains("GRANT TEMPORARY ON DATABASE :\"dbname\" TO PUBLIC;")
        .contains("ALTER DATABASE :\"dbname\" SET \"work_mem\" TO '4MB';");
  }
}
