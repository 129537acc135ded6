package io.lifeboat.activities.kubernetes;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The backup's one object: a YAML stream, one document per object, in restore order — what
 * {@code kubectl apply -f} reads, so an operator with only {@code gpg}, {@code zstd} and
 * {@code kubectl} can restore by hand. Read back as plain maps (no typed model), so fields of
 * newer API versions survive unchanged.
 */
final class ObjectStream {
  static final String OBJECT = "objects.yaml.zst.pgp";

  private ObjectStream() {}

  /** Writes objects one document at a time; nothing is held but the current one. */
  static final class Writing {
    private final Writer writer;
    private final Yaml yaml;
    private long documents;

    Writing(OutputStream out) {
      this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      options.setExplicitStart(true);
      options.setWidth(Integer.MAX_VALUE);
      this.yaml = new Yaml(new Representer(options), options);
    }

    void write(Map<String, Object> object) {
      yaml.dump(object, writer);
      documents++;
    }

    long documents() {
      return documents;
    }

    void flush() {
      try {
        writer.flush();
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Every object of a stream; a document that is not a Kubernetes object (apiVersion, kind,
   * metadata.name) is refused with its position.
   *
   * @throws IllegalArgumentException naming what is wrong and where
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> read(InputStream in) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setMaxAliasesForCollections(50);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Map<String, Object>> objects = new ArrayList<>();
    try {
      for (Object document : yaml.loadAll(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        if (document == null) {
          continue;
        }
        int position = objects.size() + 1;
        if (!(document instanceof Map<?, ?> map) || !(map.get("apiVersion") instanceof String)
            || !(map.get("kind") instanceof String)
            || ResourceKinds.metadata((Map<String, Object>) map, "name") == null) {
          throw new IllegalArgumentException("document " + position + " of the stream is not a Kubernetes object"
              + " (apiVersion, kind and metadata.name)");
        }
        objects.add((Map<String, Object>) map);
      }
    } catch (YAMLException | ClassCastException e) {
      throw new IllegalArgumentException("the stream is not valid YAML after " + objects.size() + " objects: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    return objects;
  }
}
