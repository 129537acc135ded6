package io.lifeboat.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
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
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e.getCause() == null ? "no answer within 10 seconds" : e.getCause().getMessage(),
          e);
    }
  }
}
