package io.lifeboat.bench;

import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.sql.Connection;

/** The sample databases the PostgreSQL benchmarks run on, made once and kept between runs. */
final class BenchDatabases {
  private BenchDatabases() {}

  /** The {@code sizeMb} MB sample database on the embedded server ({@code bench<size>}), made when missing. */
  static String sample(EmbeddedStack stack, int sizeMb, Path folder) throws Exception {
    String database = "bench" + sizeMb;
    if (!stack.postgres().databaseExists(database)) {
      System.out.printf("creating the %d MB sample database (once; kept in %s)%n", sizeMb, folder);
      stack.postgres().createDatabase(database);
      try (Connection db = stack.postgres().connect(database)) {
        SampleDatabase.create(db, sizeMb);
      } catch (Exception e) {
        stack.postgres().dropDatabase(database); // never benchmark a half-made database next time
        throw e;
      }
    }
    return database;
  }
}
