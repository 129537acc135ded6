package io.lifeboat.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An operator's own targets for {@code lifeboat dev --config FILE}: the file's {@code targets:}
 * entries, as YAML to put under the embedded stack's own. Values are copied as written, so
 * {@code ${PGPASSWORD}} is still read from the environment when the stack loads them.
 */
final class OwnTargets {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private OwnTargets() {}

  static String read(Path file) {
    if (!Files.isReadable(file)) {
      throw new CliException("cannot read " + file, "pass a YAML file with a 'targets:' section");
    }
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new CliException(file + " is not valid YAML: " + e.getOriginalMessage(),
          "fix the line it names; see deploy/lifeboat.example.yml for the format");
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
    }
    JsonNode targets = root == null ? null : root.get("targets");
    if (targets == null || !targets.isObject() || targets.isEmpty()) {
      throw new CliException(file + " declares no targets",
          "write a 'targets:' section as in deploy/lifeboat.example.yml (other sections come from the embedded stack)");
    }
    List<String> ignored = new ArrayList<>();
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("targets")) {
        ignored.add(key);
      }
    }
    if (!ignored.isEmpty()) {
      throw new CliException(file + " has sections the dev stack provides itself: " + String.join(", ", ignored),
          "keep only 'targets:' in this file; run `lifeboat server FILE` to use your own Temporal, storage and catalog");
    }
    if (targets.has("shop")) {
      throw new CliException(file + " declares a target named 'shop', the dev stack's sample",
          "give your target another name");
    }
    try {
      String yaml = YAML.writeValueAsString(targets);
      return yaml.lines().map(line -> "  " + line).collect(Collectors.joining("\n", "", "\n"));
    } catch (JsonProcessingException e) {
      throw new CliException("cannot copy the targets of " + file + ": " + e.getMessage(), "check the file");
    }
  }
}
