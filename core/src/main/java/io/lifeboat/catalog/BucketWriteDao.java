package io.lifeboat.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code bucket_writes} outbox. */
@RegisterConstructorMapper(BucketWrite.class)
interface BucketWriteDao {
  @SqlUpdate("INSERT INTO bucket_writes (key, body) VALUES (:key, :body)")
  void queue(@Bind("key") String key, @Bind("body") byte[] body);

  @SqlQuery("SELECT id, key, body FROM bucket_writes ORDER BY id LIMIT :limit")
  List<BucketWrite> oldest(@Bind("limit") int limit);

  @SqlUpdate("DELETE FROM bucket_writes WHERE id = :id")
  int written(@Bind("id") long id);

  @SqlQuery("SELECT count(*) FROM bucket_writes")
  long pending();
}
