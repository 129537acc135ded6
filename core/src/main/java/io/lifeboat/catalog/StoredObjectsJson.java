package io.lifeboat.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.manifest.Manifest;
import java.util.List;

/** The {@code objects} jsonb column: the manifest's object list, in the manifest's own shape. */
final class StoredObjectsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Manifest.StoredObject>> LIST = new TypeReference<>() {};

  private StoredObjectsJson() {}

  static String write(List<Manifest.StoredObject> objects) {
    try {
      return MAPPER.writeValueAsString(objects);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize stored objects", e);
    }
  }

  static List<Manifest.StoredObject> read(String json) {
    try {
      return MAPPER.readValue(json, LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("catalog holds unreadable objects JSON: " + json, e);
    }
  }
}
