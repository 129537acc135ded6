package io.lifeboat.activities.files;

import java.util.List;

/** What a restore of files wrote; {@code mismatches} name files whose content differs from the index. */
record FilesRestoreReport(
    int files, int directories, int symlinks, long bytes, List<String> mismatches, List<String> warnings) {}
