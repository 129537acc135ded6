package io.lifeboat.activities.postgres;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles of a backup's {@link Globals} on a destination server: which it lacks, creating those
 * (never altering a role that exists), and dropping again the ones a run created. A role this
 * creates carries the comment {@code created by lifeboat restore <run>}, so a retry of the run and
 * its cleanup know which roles are theirs and no one else's.
 */
final class RoleCreation {
  private static final Logger LOG = LoggerFactory.getLogger(RoleCreation.class);
  private static final String MARK = "created by lifeboat restore ";

  private RoleCreation() {}

  /** The roles a restore with {@code noOwner} fails without that the server does not have. */
  static Set<String> missingRequired(Connection maintenance, Globals globals, boolean noOwner) throws SQLException {
    Set<String> missing = new TreeSet<>(globals.requiredBy(noOwner));
    missing.removeAll(existing(maintenance));
    return missing;
  }

  /**
   * Creates every role the restore needs that the server lacks, with its memberships (where the
   * member is one it created) and settings (in general, and in {@code database}), in one
   * transaction; returns the roles this run created, including those an earlier attempt did. A
   * role this run created already (for another database of the same backup) gets its settings in
   * {@code database} too: it is this run's, so setting it up is not changing someone's role.
   */
  static List<String> createMissing(Connection maintenance, Globals globals, boolean noOwner, String runToken,
      String database) throws SQLException {
    Set<String> existing = existing(maintenance);
    List<Globals.Role> create = globals.neededBy(noOwner).stream().filter(r -> !existing.contains(r.name())).toList();
    Set<String> created = new LinkedHashSet<>(createdBy(maintenance, runToken));
    List<Globals.Role> earlier = globals.neededBy(noOwner).stream()
        .filter(r -> existing.contains(r.name()) && created.contains(r.name()) && !r.databaseSettings().isEmpty())
        .toList();
    if (create.isEmpty() && earlier.isEmpty()) {
      return List.copyOf(created);
    }
    boolean autoCommit = maintenance.getAutoCommit();
    maintenance.setAutoCommit(false);
    try (Statement s = maintenance.createStatement()) {
      for (Globals.Role role : create) {
        run(s, GlobalsSql.createRole(role, true), role.name());
        run(s, "COMMENT ON ROLE " + GlobalsSql.identifier(role.name()) + " IS "
            + GlobalsSql.literal(MARK + runToken), role.name());
        created.add(role.name());
      }
      Set<String> names = new TreeSet<>(existing);
      names.addAll(created);
      for (Globals.Membership membership : globals.memberships()) {
        // Only the new roles' own memberships: granting an existing role something would change it.
        if (created.contains(membership.member()) && names.contains(membership.role())) {
          run(s, GlobalsSql.grant(membership), membership.member());
        }
      }
      for (Globals.Role role : create) {
        for (String statement : GlobalsSql.roleSettings(role, null)) {
          run(s, statement, role.name());
        }
        for (String statement : GlobalsSql.roleSettings(role, database)) {
          run(s, statement, role.name());
        }
      }
      for (Globals.Role role : earlier) {
        for (String statement : GlobalsSql.roleSettings(role, database)) {
          run(s, statement, role.name());
        }
      }
      maintenance.commit();
    } catch (SQLException | RuntimeException e) {
      maintenance.rollback();
      throw e;
    } finally {
      maintenance.setAutoCommit(autoCommit);
    }
    return List.copyOf(created);
  }

  /**
   * Drops the roles run {@code runToken} created; one that something depends on by now (an object
   * in any database) is kept, and logged. Returns the roles dropped.
   */
  static List<String> dropCreated(Connection maintenance, String runToken) throws SQLException {
    List<String> dropped = new ArrayList<>();
    for (String role : createdBy(maintenance, runToken)) {
      try (Statement s = maintenance.createStatement()) {
        s.execute("DROP ROLE IF EXISTS " + GlobalsSql.identifier(role));
        dropped.add(role);
      } catch (SQLException e) {
        LOG.warn("role {} created by restore {} is kept: {}", role, runToken, e.getMessage());
      }
    }
    return dropped;
  }

  static List<String> createdBy(Connection maintenance, String runToken) throws SQLException {
    List<String> roles = new ArrayList<>();
    try (PreparedStatement s = maintenance.prepareStatement("SELECT r.rolname FROM pg_roles r"
        + " JOIN pg_shdescription d ON d.objoid = r.oid AND d.classoid = 'pg_authid'::regclass"
        + " WHERE d.description = ? ORDER BY r.rolname")) {
      s.setString(1, MARK + runToken);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          roles.add(rs.getString(1));
        }
      }
    }
    return roles;
  }

  /** The refusal of a restore asked not to create roles ({@code --roles skip}), in one line. */
  static ApplicationFailure refusal(Set<String> missing, String where, boolean noOwner) {
    return ApplicationFailure.newNonRetryableFailure(where + " lacks the role" + (missing.size() == 1 ? " " : "s ")
        + String.join(", ", missing) + " the backup's data needs; nothing was changed. Restore with --roles create"
        + " to create them from the backup" + (noOwner ? "" : ", or with --no-owner to own everything as the"
        + " connecting user") + ", or create them first (globals.sql of the backup)", FailureTypes.MISSING_ROLES);
  }

  private static Set<String> existing(Connection maintenance) throws SQLException {
    Set<String> roles = new TreeSet<>();
    try (Statement s = maintenance.createStatement(); ResultSet rs = s.executeQuery("SELECT rolname FROM pg_roles")) {
      while (rs.next()) {
        roles.add(rs.getString(1));
      }
    }
    return roles;
  }

  private static void run(Statement s, String sql, String role) throws SQLException {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      throw new SQLException("cannot create role " + role + " (" + e.getMessage().strip()
          + "); create it by hand (globals.sql of the backup), restore as a superuser, or restore with --no-owner"
          + " when only owners are missing", e.getSQLState(), e);
    }
  }
}
