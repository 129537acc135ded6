package io.lifeboat.activities.postgres;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Committed;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The swap of a restore of several databases, on one server: each staged database in under its own
 * name, the one it replaces set aside as {@code <db>__lifeboat_old_<run>}. Where a database did not
 * exist, an empty {@code <db>__lifeboat_new_<run>} records that, so undoing the restore drops it
 * rather than leaving it. All of it is found again by those suffixes: what the run keeps is the one
 * name {@code *__lifeboat_old_<run>}, which a runbook can carry as it is.
 */
final class DatabaseSetSwap {
  private DatabaseSetSwap() {}

  /**
   * Swaps each database in, as a restore of one does; a swap that fails puts back the ones swapped
   * so far (their restored copies back to their staging names, for discardStaged) before failing.
   * Done for a database whose staged copy is gone and which exists, so a retry finishes the rest.
   */
  static Committed commit(Connection maintenance, List<String> databases, String stagingSuffix, String runToken,
      PostgresDatabaseSource.RenameIn renameIn) throws SQLException {
    String retiredSuffix = ScratchNames.retiredSuffix(runToken);
    String absentSuffix = ScratchNames.absentSuffix(runToken);
    List<String> swapped = new ArrayList<>();
    int replaced = 0;
    for (String database : databases) {
      String staging = ScratchNames.beside(database, stagingSuffix);
      String retired = ScratchNames.beside(database, retiredSuffix);
      String absent = ScratchNames.beside(database, absentSuffix);
      try {
        if (Databases.exists(maintenance, staging)) {
          if (Databases.exists(maintenance, database)) {
            if (Databases.exists(maintenance, retired)) {
              throw ApplicationFailure.newNonRetryableFailure(retired + " holds what this restore set aside of "
                  + database + ", and a database " + database + " was created since; the databases swapped before"
                  + " it were put back. Compare them, keep the right one under the name " + database
                  + " (ALTER DATABASE ... RENAME TO), then run the restore again", FailureTypes.BAD_REQUEST);
            }
            Databases.rename(maintenance, database, retired);
          } else if (!Databases.exists(maintenance, retired) && !Databases.exists(maintenance, absent)) {
            Databases.recreate(maintenance, absent);
          }
          renameIn.rename(maintenance, staging, database);
        } else if (!Databases.exists(maintenance, database)) {
          throw ApplicationFailure.newNonRetryableFailure("neither the staged copy " + staging + " nor " + database
              + " exists; the databases swapped before it were put back. Run the restore again",
              FailureTypes.BAD_REQUEST);
        }
        swapped.add(database);
        replaced += Databases.exists(maintenance, retired) ? 1 : 0;
      } catch (SQLException | RuntimeException failed) {
        swapped.add(database); // as far as it went
        for (int i = swapped.size() - 1; i >= 0; i--) {
          String done = swapped.get(i);
          try {
            putBack(maintenance, done, ScratchNames.beside(done, stagingSuffix),
                ScratchNames.beside(done, retiredSuffix), ScratchNames.beside(done, absentSuffix));
          } catch (SQLException | RuntimeException cleanup) {
            failed.addSuppressed(cleanup);
          }
        }
        throw failed;
      }
    }
    String keptAs = ScratchNames.every(retiredSuffix);
    return new Committed(keptAs, databases.size() + " databases now hold the restored data: "
        + String.join(", ", databases) + (replaced == 0 ? "" : "; the " + replaced + " they replaced are kept as "
        + keptAs + " until the run has succeeded"));
  }

  /**
   * Undoes {@link #commit}: each database set aside back in place of the restored one, each that did
   * not exist before dropped again. Done when nothing of the restore is left.
   */
  static void rollback(Connection maintenance, String keptAs) throws SQLException {
    String retiredSuffix = ScratchNames.suffixOf(keptAs);
    String absentSuffix = ScratchNames.absentSuffix(ScratchNames.tokenOf(retiredSuffix));
    for (String retired : ServerDatabases.endingWith(maintenance, retiredSuffix)) {
      String database = liveName(maintenance, retired, retiredSuffix);
      Databases.drop(maintenance, database);
      Databases.rename(maintenance, retired, database);
    }
    for (String absent : ServerDatabases.endingWith(maintenance, absentSuffix)) {
      Databases.drop(maintenance, liveName(maintenance, absent, absentSuffix));
      Databases.drop(maintenance, absent);
    }
  }

  /** The suffixes of what a commit kept ({@code keptAs}) until the run has succeeded, to drop then. */
  static List<String> keptSuffixes(String keptAs) {
    String retiredSuffix = ScratchNames.suffixOf(keptAs);
    return List.of(retiredSuffix, ScratchNames.absentSuffix(ScratchNames.tokenOf(retiredSuffix)));
  }

  /** Undoes one database's swap: the restored copy back to {@code staging}, the set-aside one back in place. */
  private static void putBack(Connection maintenance, String database, String staging, String retired, String absent)
      throws SQLException {
    boolean setAside = Databases.exists(maintenance, retired);
    if (!setAside && !Databases.exists(maintenance, absent)) {
      return; // not swapped
    }
    if (Databases.exists(maintenance, database) && !Databases.exists(maintenance, staging)) {
      Databases.rename(maintenance, database, staging);
    }
    if (setAside && !Databases.exists(maintenance, database)) {
      Databases.rename(maintenance, retired, database);
    }
    Databases.drop(maintenance, absent);
  }

  /**
   * The database {@code beside} was named after: the one whose name with {@code suffix} is it (names
   * are cut to fit PostgreSQL's 63 bytes), else its name without the suffix.
   */
  private static String liveName(Connection maintenance, String beside, String suffix) throws SQLException {
    for (String database : ServerDatabases.endingWith(maintenance, "")) {
      if (!database.endsWith(suffix) && ScratchNames.beside(database, suffix).equals(beside)) {
        return database;
      }
    }
    return beside.substring(0, beside.length() - suffix.length());
  }
}
