package io.lifeboat.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API is a Temporal client: it starts workflows through their interfaces and never runs
 * workflow or activity code, so it must not even see their implementations. (Plain JUnit tests
 * calling check(): surefire reports them, which it does not for ArchUnit's own engine here.)
 */
class ArchitectureTest {
  private static JavaClasses api;

  @BeforeAll
  static void importClasses() {
    api = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.lifeboat.api");
  }

  @Test
  void theApiStartsWorkflowsOnlyThroughTheirInterfaces() {
    noClasses().that().resideInAPackage("io.lifeboat.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeboat.worker..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("WorkflowImpl")
        .because("the API starts workflows through their interfaces; the worker runs them")
        .check(api);
  }

  @Test
  void theApiRunsNoActivity() {
    noClasses().that().resideInAPackage("io.lifeboat.api..")
        .should().dependOnClassesThat().resideInAPackage("io.lifeboat.activities..")
        .because("activities run on the worker, never in the API")
        .check(api);
  }

  @Test
  void theClientSpeaksOnlyTheWireFormat() {
    noClasses().that().resideInAPackage("io.lifeboat.api.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lifeboat.api.resources..", "io.lifeboat.api.temporal..", "io.lifeboat.catalog..",
            "io.temporal..", "io.dropwizard..")
        .because("the CLI's HTTP client must not drag the server's insides into the CLI")
        .check(api);
  }
}
