package io.lifeboat.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a member serves: its revision and how many keys it holds (every key, from the empty key to
 * the end, counted by the server: nothing is transferred). A linearizable read, so it doubles as
 * the health check of a member.
 */
record MemberContents(long revision, long keys) {
  /** @throws IllegalStateException when the member does not answer within 10 seconds */
  static MemberContents read(Client client) {
    ByteSequence all = ByteSequence.from(new byte[] {0});
    try {
      var response = client.getKVClient().get(all, GetOption.builder().withRange(all).withCountOnly(true).build())
          .get(10, TimeUnit.SECONDS);
      return new MemberContents(response.getHeader().getRevision(), response.getCount());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within 10 seconds", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(describe(e.getCause()), e);
    }
  }

  /** gRPC's status where there is one: an operator reads "UNAUTHENTICATED", not a stack of wrappers. */
  private static String describe(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    if (status.getCode() == Status.Code.UNKNOWN) {
      return String.valueOf(failure.getMessage());
    }
    String text = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    return switch (status.getCode()) {
      case UNAUTHENTICATED, PERMISSION_DENIED -> text + " (check the target's user and password)";
      case UNAVAILABLE -> text + " (is etcd running there, and does the endpoint's scheme match its TLS?)";
      default -> text;
    };
  }
}
