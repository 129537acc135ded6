package io.lifeboat.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lifeboat.workflows.sources.SourceKinds;
import org.junit.jupiter.api.Test;

/** Workflow code names no kind of source: adding a kind never touches it. */
class WorkflowArchitectureTest {
  private static final JavaClasses WORKFLOWS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lifeboat.workflows");

  @Test
  void noWorkflowNamesASourceKind() {
    noClasses().that().resideOutsideOfPackage("..workflows.sources..")
        .should().dependOnClassesThat().belongToAnyOf(SourceKinds.class)
        .because("a workflow takes the same steps for every kind; the worker's source registry tells kinds apart")
        .check(WORKFLOWS);
  }
}
