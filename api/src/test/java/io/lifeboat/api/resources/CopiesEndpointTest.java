package io.lifeboat.api.resources;

import java.security.Principal;
import jakarta.ws.rs.core.SecurityContext;
import io.lifeboat.api.auth.Caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.TargetConfig;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/copies/sync} refuses what no run could do before starting one: an unknown
 * target, and a sync with no location configured (an unknown location: CopiesSyncEndpointTest).
 * No starter is needed: nothing may be started.
 */
class CopiesEndpointTest {
  private static CopyLocationConfig location(String name) {
    CopyLocationConfig location = new CopyLocationConfig();
    location.setName(name);
    location.setBucket("bucket-" + name);
    return location;
  }

  /** A caller with every role and no limit, as Jersey would give the resource. */
  private static final SecurityContext TESTER = new SecurityContext() {
    @Override
    public Principal getUserPrincipal() {
      return Caller.unauthenticated("tester");
    }

    @Override
    public boolean isUserInRole(String role) {
      return true;
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String getAuthenticationScheme() {
      return null;
    }
  };

  private final KnownTargets targets = new KnownTargets(Map.<String, TargetConfig>of());

  @Test
  void anUnknownTargetIs404() {
    CopiesResource copies = new CopiesResource(targets, List.of(location("offsite")), null);
    assertThatThrownBy(() -> copies.sync("offsite", "nope", "tester", TESTER)).isInstanceOfSatisfying(ApiProblem.class,
        e -> assertThat(e.body().error()).contains("unknown target 'nope'"));
  }

  @Test
  void withoutAnyLocationASyncIsRefusedWithWhereToDeclareOne() {
    CopiesResource copies = new CopiesResource(targets, List.of(), null);
    assertThatThrownBy(() -> copies.sync(null, null, "tester", TESTER)).isInstanceOfSatisfying(ApiProblem.class, e -> {
      assertThat(e.status()).isEqualTo(Status.BAD_REQUEST);
      assertThat(e.body().hint()).contains("storage.copies");
    });
  }
}
