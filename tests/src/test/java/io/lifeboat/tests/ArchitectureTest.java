package io.lifeboat.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lifeboat.activities.process.ChildEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrows of DESIGN.md: deterministic workflows, an API that is only a client. */
class ArchitectureTest {
  private static JavaClasses lifeboat;

  @BeforeAll
  static void importClasses() {
    lifeboat = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.lifeboat");
  }

  @Test
  void workflowCodeDoesNoIoAndImportsNoActivity() {
    noClasses().that().resideInAPackage("io.lifeboat.workflows..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lifeboat.activities..", "io.lifeboat.catalog..", "io.lifeboat.config..",
            "java.io..", "java.nio..", "java.net..", "java.sql..", "javax.sql..",
            "software.amazon..", "org.postgresql..", "org.bouncycastle..", "org.jdbi..", "io.dropwizard..")
        .because("workflow code must replay deterministically: I/O belongs in activities")
        .check(lifeboat);
  }

  @Test
  void workflowCodeReadsNoClockOrRandomExceptThroughWorkflow() {
    noClasses().that().resideInAPackage("io.lifeboat.workflows..")
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.util.UUID.class, "randomUUID")
        .orShould().callMethod(Math.class, "random")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .because("time and randomness in workflows come from Workflow.currentTimeMillis/randomUUID/sleep")
        .check(lifeboat);
  }

  @Test
  void theApiIsOnlyAClientOfWorkflowsAndActivities() {
    noClasses().that().resideInAPackage("io.lifeboat.api..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lifeboat.activities..", "io.lifeboat.worker..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("WorkflowImpl")
        .because("the API starts workflows through their interfaces, as a Temporal client")
        .check(lifeboat);
  }

  @Test
  void activitiesDoNotReachIntoWorkflowImplementations() {
    noClasses().that().resideInAPackage("io.lifeboat.activities..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lifeboat.api..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("WorkflowImpl")
        .check(lifeboat);
  }

  @Test
  void everyChildProcessStartsFromTheAllowlistedEnvironment() {
    noClasses().that().resideInAnyPackage("io.lifeboat.activities..", "io.lifeboat.worker..", "io.lifeboat.api..")
        .and().doNotHaveFullyQualifiedName(ChildEnvironment.class.getName())
        .should().callConstructor(ProcessBuilder.class, String[].class)
        .orShould().callConstructor(ProcessBuilder.class, java.util.List.class)
        .orShould().callMethod(Runtime.class, "exec", String.class)
        .orShould().callMethod(Runtime.class, "exec", String[].class)
        .because("a child process inherits the worker's environment (its keys) unless ChildEnvironment builds it")
        .check(lifeboat);
  }
}
