package io.lifeboat.api.resources;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;

/** The catalog's backups, looked up by the id a request gives. */
final class IndexedBackups {
  private final Catalog catalog;

  IndexedBackups(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The indexed backup, or a 404 on {@code field} that says how to get it indexed if the bucket has it. */
  BackupEntry require(String backupId, String field) {
    return catalog.findBackup(backupId).orElseThrow(() -> ApiProblem.notFound(field,
        "no backup '" + backupId + "' in the catalog",
        "list backups with GET /api/v1/backups; if the bucket holds it, `lifeboat catalog rebuild` re-indexes it"));
  }
}
