package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code lifeboat copies sync} prints one line per backup or WAL archive and location, then the counts. */
class CopiesCommandTest {
  @Test
  void eachLineSaysWhereWhatAndWhyThenTheCounts() throws Exception {
    String result = """
        {"lines": [
          {"location": "offsite", "item": "backup b1", "outcome": "COPIED", "detail": "1 of 3 objects, 10 bytes"},
          {"location": "offsite", "item": "WAL of main", "outcome": "ALREADY_THERE", "detail": "42 files intact"},
          {"location": "broken", "item": "location", "outcome": "FAILED",
           "detail": "off-site location 'broken' (s3://dr at http://127.0.0.1:9) cannot be reached"}
        ]}""";
    String printed = CopiesCommand.Sync.lines(new ObjectMapper().readTree(result));
    assertThat(printed.lines()).containsExactly(
        "offsite      backup b1                                copied         1 of 3 objects, 10 bytes",
        "offsite      WAL of main                              already there  42 files intact",
        "broken       location                                 failed         off-site location 'broken' (s3://dr at"
            + " http://127.0.0.1:9) cannot be reached",
        "1 copied, 1 already there, 1 failed");
  }
}
