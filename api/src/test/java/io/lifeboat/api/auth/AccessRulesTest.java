package io.lifeboat.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lifeboat.config.ApiTokenConfig;
import jakarta.ws.rs.Path;
import java.util.Map;
import java.util.TreeMap;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/**
 * Every resource method of the API declares the role it needs, and the roles follow one rule:
 * reads need viewer, approve and reject need approver, every other change needs operator; only the
 * OpenAPI document and the Prometheus scrape are open. A method without {@link Requires} is refused
 * to every caller at run time, and fails this test.
 */
class AccessRulesTest {
  @Test
  void everyResourceMethodDeclaresTheRoleItsKindOfRequestNeeds() {
    Map<String, String> rules = rules();

    assertThat(rules).isNotEmpty().doesNotContainValue("NONE");
    rules.forEach((operation, role) -> assertThat(role).as(operation).isEqualTo(expected(operation)));
    assertThat(rules).containsEntry("POST /api/v1/runbooks/{name}/runs/{runId: .+}/signals/{signal: approve|reject}",
        ApiTokenConfig.APPROVER);
    assertThat(rules).containsEntry("POST /api/v1/restores/{runId: .+}/signals/{signal: approve|reject}",
        ApiTokenConfig.APPROVER).containsEntry("POST /api/v1/restores/{runId: .+}/signals/override",
        ApiTokenConfig.ADMIN);
  }

  @Test
  void changesToOneTargetSayHowATokenLimitedToTargetsIsHeldToThem() {
    Map<String, Requires.Scope> scopes = new TreeMap<>();
    each((operation, method) -> {
      Requires rule = AccessControl.ruleOf(method.getInvocable().getHandlingMethod());
      if (rule != null && !operation.startsWith("GET ")) {
        scopes.put(operation, rule.scope());
      }
    });

    assertThat(scopes).containsEntry("POST /api/v1/targets/{target}/backups", Requires.Scope.PATH_TARGET)
        .containsEntry("POST /api/v1/targets/{target}/retention", Requires.Scope.PATH_TARGET)
        .containsEntry("POST /api/v1/restores", Requires.Scope.CHECKED_BY_METHOD)
        .containsEntry("POST /api/v1/restores/{runId: .+}/signals/{signal: approve|reject}",
            Requires.Scope.CHECKED_BY_METHOD)
        .containsEntry("POST /api/v1/runbooks/{name}/runs", Requires.Scope.ALL_TARGETS)
        .containsEntry("POST /api/v1/alerts/alertmanager", Requires.Scope.ALL_TARGETS);
    scopes.forEach((operation, scope) -> assertThat(scope != Requires.Scope.PATH_TARGET || operation.contains("{target}"))
        .as(operation + " checks a {target} path parameter it does not have").isTrue());
  }

  private static String expected(String operation) {
    if (operation.equals("GET /api/v1/openapi.yaml") || operation.equals("GET /metrics")
        || operation.contains(" /codec/")) {
      return Requires.ANYONE; // the codec endpoint decides itself (CodecAccess)
    }
    if (operation.startsWith("GET /dashboard") || operation.equals("GET /api/v1/dashboard/login")) {
      return Requires.ANYONE; // the page, and whether it must ask for a token; its data calls carry one
    }
    if (operation.endsWith("/signals/override")) {
      return ApiTokenConfig.ADMIN;
    }
    if (operation.startsWith("GET ")) {
      return ApiTokenConfig.VIEWER;
    }
    return operation.endsWith("{signal: approve|reject}") ? ApiTokenConfig.APPROVER : ApiTokenConfig.OPERATOR;
  }

  /** "POST /api/v1/restores" → the role its method requires, or NONE. */
  private static Map<String, String> rules() {
    Map<String, String> rules = new TreeMap<>();
    each((operation, method) -> {
      Requires rule = AccessControl.ruleOf(method.getInvocable().getHandlingMethod());
      rules.put(operation, rule == null ? "NONE" : rule.value());
    });
    return rules;
  }

  private interface Visitor {
    void visit(String operation, ResourceMethod method);
  }

  private static void each(Visitor visitor) {
    for (JavaClass resource : new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.lifeboat.api")) {
      if (resource.isAnnotatedWith(Path.class)) {
        walk(Resource.from(resource.reflect()), "", visitor);
      }
    }
  }

  private static void walk(Resource resource, String parent, Visitor visitor) {
    String path = (parent + "/" + resource.getPath()).replaceAll("/+", "/").replaceAll("/$", "");
    for (ResourceMethod method : resource.getResourceMethods()) {
      visitor.visit(method.getHttpMethod() + " " + path, method);
    }
    for (Resource child : resource.getChildResources()) {
      walk(child, path, visitor);
    }
  }
}
