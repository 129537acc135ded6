package io.lifeboat.activities.drill;

import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.workflows.drill.DrillReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drill's reports in the bucket, beside the rest of Lifeboat's history: {@code
 * _lifeboat/drills/<drill id>/report.json}, {@code .md} and {@code .html} (keys relative to the
 * store's prefix, as {@link DrillReport#key} makes them). The bucket is the source of truth, so the
 * catalog's index of drills is rebuilt from {@link #all()}.
 *
 * <p>Storing is idempotent: an activity retried after a lost answer finds the same bytes there and
 * writes nothing. The JSON is written last, so a report.json in the bucket means its Markdown and
 * HTML are there too.
 */
public final class DrillReports {
  private static final Logger LOG = LoggerFactory.getLogger(DrillReports.class);
  private static final Pattern DRILL_ID = Pattern.compile("drill-[a-z0-9-]+");
  private static final String FOLDER = "_lifeboat/drills/";
  private static final String JSON_NAME = "/report.json";
  private static final List<String> EXTENSIONS = List.of("json", "md", "html");

  private final ObjectStore store;

  public DrillReports(ObjectStore store) {
    this.store = store;
  }

  /**
   * Writes the report's Markdown, HTML and JSON.
   *
   * @return the JSON's key, relative to the store's prefix
   * @throws IllegalArgumentException when the drill id is not one Lifeboat makes
   */
  public String store(DrillReport report) {
    String drillId = checked(report.drillId());
    write(DrillReport.key(drillId, "md"), DrillReportMarkdown.render(report).getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    write(DrillReport.key(drillId, "html"), DrillReportHtml.render(report).getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8");
    String json = DrillReport.key(drillId, "json");
    write(json, DrillReportJson.write(report), "application/json");
    return json;
  }

  /**
   * One report's bytes as stored; empty when the drill has none (it never stored a report, or the id is wrong).
   *
   * @param extension json, md or html
   * @throws IllegalArgumentException when the drill id or the extension is not one Lifeboat makes: the
   *     id reaches a key, so {@code ../} or a prefix must never get there
   */
  public Optional<byte[]> read(String drillId, String extension) {
    checked(drillId);
    if (!EXTENSIONS.contains(extension)) {
      throw new IllegalArgumentException("a drill's report is json, md or html, not \"" + extension
          + "\": ask for one of those");
    }
    try {
      return Optional.of(store.get(store.key(DrillReport.key(drillId, extension))));
    } catch (ObjectMissingException e) {
      return Optional.empty();
    }
  }

  /** Every drill's report in the bucket, in drill id order; a report.json that does not read is logged and left out. */
  public List<DrillReport> all() {
    List<String> unreadable = new ArrayList<>();
    List<DrillReport> reports = all(unreadable);
    unreadable.forEach(problem -> LOG.warn("left out of the drills read from the bucket: {}", problem));
    return reports;
  }

  /**
   * As {@link #all()}, for a caller that reports what it left out (the catalog rebuild).
   *
   * @param unreadable receives one line per report.json that does not read: its key and why
   */
  public List<DrillReport> all(List<String> unreadable) {
    List<DrillReport> reports = new ArrayList<>();
    for (String key : store.list(store.key(FOLDER))) {
      if (!key.endsWith(JSON_NAME)) {
        continue;
      }
      try {
        reports.add(DrillReportJson.read(store.get(key)));
      } catch (ObjectMissingException e) {
        // deleted between the listing and the read: no report any more
      } catch (IllegalArgumentException e) {
        unreadable.add(key + ": " + e.getMessage());
      }
    }
    return reports;
  }

  private void write(String relativeKey, byte[] bytes, String contentType) {
    String key = store.key(relativeKey);
    if (store.exists(key) && Arrays.equals(store.get(key), bytes)) {
      return;
    }
    store.put(key, bytes, contentType);
  }

  private static String checked(String drillId) {
    if (drillId == null || !DRILL_ID.matcher(drillId).matches()) {
      throw new IllegalArgumentException("\"" + drillId + "\" is not a drill id: a drill id is drill- followed by "
          + "lower-case letters, digits and dashes (drill-20261204-203000-orders): give the drill's workflow id");
    }
    return drillId;
  }
}
