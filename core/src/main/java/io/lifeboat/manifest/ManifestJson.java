package io.lifeboat.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads and writes manifests as stable, pretty-printed JSON (ISO-8601 instants). */
public final class ManifestJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ManifestJson() {}

  public static byte[] write(Manifest manifest) {
    try {
      return MAPPER.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Manifest read(byte[] json) {
    try {
      return MAPPER.readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Lifeboat manifest: " + e.getMessage(), e);
    }
  }
}
