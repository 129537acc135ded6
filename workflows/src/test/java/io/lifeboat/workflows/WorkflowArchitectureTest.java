package io.lifeboat.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lifeboat.workflows.sources.SourceKinds;
import org.junit.jupiter.api.Test;

/** Workflows name no kind of source: adding a kind never touches them. */
class WorkflowArchitectureTest {
  private static final JavaClasses WORKFLOWS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lifeboat.workflows");

  @Test
  void noWorkflowNamesASourceKind() {
    noClasses().that().resideInAnyPackage("..workflows.impl..", "..workflows.runbook..")
        .should().dependOnClassesThat().belongToAnyOf(SourceKinds.class)
        .because("a workflow takes the same steps for every kind; the worker's source registry tells kinds apart")
        .check(WORKFLOWS);
  }
}
