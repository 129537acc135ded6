package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document and the resources describe the same API: every method of
 * every resource is documented, and nothing documented is missing from the resources.
 */
class OpenApiCoverageTest {
  @Test
  void everyResourceMethodIsDocumentedAndEveryDocumentedOneExists() throws IOException {
    assertThat(documented()).isEqualTo(served()).isNotEmpty();
  }

  /** "GET /api/v1/runs/{runId}" for each method the resources serve. */
  private static Set<String> served() {
    Set<String> operations = new TreeSet<>();
    for (JavaClass resource : new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.lifeboat.api")) {
      if (resource.isAnnotatedWith(Path.class)) {
        collect(Resource.from(resource.reflect()), "", operations);
      }
    }
    return operations;
  }

  private static void collect(Resource resource, String parent, Set<String> operations) {
    String path = join(parent, resource.getPath());
    for (ResourceMethod method : resource.getResourceMethods()) {
      operations.add(method.getHttpMethod() + " " + path);
    }
    for (Resource child : resource.getChildResources()) {
      collect(child, path, operations);
    }
  }

  // "{runId: .+}" is documented as "{runId}": the regular expression is Jersey's business.
  private static String join(String parent, String path) {
    String joined = (parent + "/" + path).replaceAll("/+", "/").replaceAll("/$", "");
    return joined.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
  }

  private static Set<String> documented() throws IOException {
    Set<String> operations = new TreeSet<>();
    try (InputStream in = OpenApiCoverageTest.class.getResourceAsStream("/io/lifeboat/api/openapi.yaml")) {
      JsonNode paths = new YAMLMapper().readTree(in).path("paths");
      for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
        String path = it.next();
        paths.path(path).fieldNames().forEachRemaining(
            method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path));
      }
    }
    return operations;
  }
}
