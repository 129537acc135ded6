package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Signals name their run by its full id; a partial one is refused before any request is sent. */
class RunbookCommandTest {
  @Test
  void theRunbookOfARunIsReadFromItsId() {
    assertThat(RunbookCommand.runbookOf("runbook:shop-restore:alert-1/5f0c-77")).isEqualTo("shop-restore");
  }

  @Test
  void anIdWithoutItsTemporalRunOrOfAnotherKindIsRefusedWithAHint() {
    for (String partial : new String[] {"runbook:shop-restore:alert-1/", "runbook:shop-restore:alert-1",
        "backup:shop/5f0c", "runbook::x/1"}) {
      CliException refused = catchThrowableOfType(CliException.class, () -> RunbookCommand.runbookOf(partial));
      assertThat(refused).as(partial).isNotNull();
      assertThat(refused.getMessage()).isEqualTo("'" + partial + "' is not a runbook run id");
      assertThat(refused.hint()).contains("runbook:<name>:<key>/<Temporal run id>");
    }
  }
}
