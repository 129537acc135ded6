package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped kubernetes-cluster-restore runbook: etcd, then the resources, then the volumes. */
class KubernetesClusterRestoreRunbookTest {
  private static final Map<String, String> APP = Map.of("app_url", "https://shop.example/health");

  private static Runbook runbook() throws Exception {
    Path file = Path.of("kubernetes-cluster-restore.yaml");
    return RunbookParser.parse(file.toString(), Files.readString(file));
  }

  @Test
  void itValidatesAndReadsInTheDocumentedOrder() throws Exception {
    Runbook runbook = runbook();

    assertThat(runbook.name()).isEqualTo("kubernetes-cluster-restore");
    assertThat(runbook.objectives().rto()).isEqualTo(Duration.ofHours(2));
    assertThat(runbook.stages()).extracting(Stage::name).containsExactly(
        "identify backups", "verify backups", "approval", "announce", "restore etcd", "etcd healthy",
        "api server ready", "restore resources", "restore volumes", "workloads answer", "announce recovery");
    assertThat(runbook.stages().get(0).parallel()).isTrue();
    assertThat(runbook.stages().get(0).steps()).extracting(Step::type).containsOnly(StepType.FETCH);
    assertThat(runbook.stages().get(1).parallel()).isTrue();
    assertThat(runbook.stages().get(1).steps()).extracting(Step::type).containsOnly(StepType.CHECKSUM);
  }

  @Test
  void itRestoresEtcdThenTheResourcesThenTheVolumesEachCheckedBeforeTheNext() throws Exception {
    Runbook runbook = runbook();
    Map<String, String> values = runbook.parameterValues(APP);

    List<String> acts = runbook.steps().stream()
        .filter(s -> s.type() == StepType.RESTORE || s.type() == StepType.HEALTH_CHECK)
        .map(s -> {
          StepArguments with = s.with().bind(values);
          return s.type() == StepType.RESTORE ? "restore " + with.required("target")
              : "check " + with.required("http");
        }).toList();
    assertThat(acts).containsExactly(
        "restore etcd", "check http://127.0.0.1:2379/health",
        "check https://kubernetes.default.svc/readyz",
        "restore cluster-resources",
        "restore cluster-volumes", "check https://shop.example/health");
  }

  @Test
  void aSecondPersonApprovesAfterTheBackupsAreCheckedAndBeforeAnythingIsReplaced() throws Exception {
    List<Step> steps = runbook().steps();
    int approval = indexOf(steps, StepType.APPROVE);

    assertThat(steps.subList(0, approval)).extracting(Step::type)
        .containsOnly(StepType.FETCH, StepType.CHECKSUM);
    assertThat(indexOf(steps, StepType.RESTORE)).isGreaterThan(approval);
    assertThat(steps.get(approval).onFailure()).isEqualTo(OnFailure.COMPENSATE);
    assertThat(steps.get(approval).timeout()).isEqualTo(Duration.ofHours(4));
    // the checksum steps check the backups the fetch steps chose, and the restores restore those
    assertThat(steps).filteredOn(s -> s.type() == StepType.CHECKSUM || s.type() == StepType.RESTORE)
        .allSatisfy(s -> assertThat(s.with().value("backup")).isEmpty());
  }

  @Test
  void afterEtcdIsRestoredAFailurePausesForAPersonInsteadOfStoppingEtcdAgain() throws Exception {
    List<Step> steps = runbook().steps();
    int etcd = steps.indexOf(steps.stream().filter(s -> s.name().equals("restore etcd")).findFirst().orElseThrow());

    assertThat(steps.get(etcd).onFailure()).isEqualTo(OnFailure.COMPENSATE);
    assertThat(steps.subList(etcd + 1, steps.size())).filteredOn(s -> s.type() != StepType.NOTIFY)
        .extracting(Step::name, Step::onFailure).containsExactly(
            tuple("etcd healthy", OnFailure.PAUSE), tuple("api server ready", OnFailure.PAUSE),
            tuple("restore resources", OnFailure.PAUSE), tuple("restore volumes", OnFailure.PAUSE),
            tuple("workloads answer", OnFailure.PAUSE));
  }

  @Test
  void inADrillOnlyTheVolumesWouldBeRestoredTheStepsNeedingEtcdOrAnApiServerAreRecorded() throws Exception {
    Runbook runbook = runbook();

    assertThat(runbook.steps()).filteredOn(s -> s.drill() == Step.InDrill.RECORD).extracting(Step::name)
        .containsExactly("restore etcd", "etcd healthy", "api server ready", "restore resources", "workloads answer");
    assertThat(runbook.steps()).filteredOn(s -> s.type() == StepType.RESTORE && s.drill() == null)
        .extracting(Step::name).containsExactly("restore volumes");
  }

  @Test
  void theTargetsAndTheBackupAreParametersAndTheWorkloadsUrlIsRequired() throws Exception {
    Runbook runbook = runbook();
    Map<String, String> values = runbook.parameterValues(Map.of("app_url", "http://app:8080/", "etcd", "prod-etcd",
        "resources", "prod-namespaces", "volumes", "prod-volumes", "backup", "before 2026-01-31T02:00:00Z"));

    assertThat(runbook.steps().stream().filter(s -> s.type() == StepType.FETCH).map(s -> s.with().bind(values))
        .map(with -> with.required("target") + "@" + with.required("backup")))
        .containsExactly("prod-etcd@before 2026-01-31T02:00:00Z", "prod-namespaces@before 2026-01-31T02:00:00Z",
            "prod-volumes@before 2026-01-31T02:00:00Z");
    assertThatThrownBy(() -> runbook.parameterValues(Map.of()))
        .hasMessageContaining("missing required parameter 'app_url'");
    assertThatThrownBy(() -> runbook.parameterValues(Map.of("app_url", "http://app/", "etcd", "x host=elsewhere")))
        .hasMessageContaining("etcd");
  }

  @Test
  void itSurvivesTheWorkflowInputConverterAndTravelsInTheJar() throws Exception {
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;
    Runbook runbook = runbook();

    assertThat(converter.fromPayload(converter.toPayload(runbook).orElseThrow(), Runbook.class, Runbook.class))
        .isEqualTo(runbook);
    assertThat(RunbookLibrary.shippedOnly().load("kubernetes-cluster-restore")).hasValue(runbook);
  }

  private static int indexOf(List<Step> steps, StepType type) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).type() == type) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " step");
  }
}
