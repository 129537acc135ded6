package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.lifeboat.config.NotificationChannelConfig;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail of a failed backup, received by a real SMTP server (GreenMail) on a free port. */
class EmailChannelTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("lifeboat", "s3cret"));

  @Test
  void aFailedBackupIsMailedToEveryRecipientWithTheDedupKeyAsMessageId() throws Exception {
    new EmailChannel(config(SMTP.getSmtp().getPort(), "s3cret")).send(NotificationEvents.backupFailed());

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2); // one delivery per recipient mailbox
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("[Lifeboat CRITICAL] backup of orders failed");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("lifeboat@example.com");
    assertThat(List.of(mail.getRecipients(Message.RecipientType.TO)).stream().map(Object::toString))
        .containsExactly("ops@example.com", "dba@example.com");
    assertThat(mail.getMessageID()).isEqualTo("<backup-failed.orders.backup.orders.run-1@lifeboat>");
    assertThat(mail.getHeader("X-Lifeboat-Dedup-Key")).containsExactly("backup-failed:orders:backup:orders/run-1");
    assertThat(((String) mail.getContent()).replace("\r\n", "\n").strip()).isEqualTo("""
        backup of orders failed

        could not connect to server: Connection refused

        Severity: critical
        Target: orders
        Run: backup:orders/run-1
        Dedup key: backup-failed:orders:backup:orders/run-1""");
  }

  @Test
  void aClearedConditionIsMailedAsResolvedInReplyToTheMailThatRaisedIt() throws Exception {
    new EmailChannel(config(SMTP.getSmtp().getPort(), "s3cret")).send(NotificationEvents.diskLow(true));

    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[Lifeboat RESOLVED] scratch disk of /tmp on host-1 has 45.0% free");
    assertThat(mail.getMessageID()).isEqualTo("<disk-space-low.host-1..dev.sda1.critical.1796356800.resolved@lifeboat>");
    assertThat(mail.getHeader("In-Reply-To"))
        .containsExactly("<disk-space-low.host-1..dev.sda1.critical.1796356800@lifeboat>");
  }

  @Test
  void anUnreachableSmtpServerIsARetryableFailureNamingIt() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    NotificationChannelConfig.Email config = config(closed, "s3cret");

    Throwable thrown = catchThrowable(() -> new EmailChannel(config).send(NotificationEvents.backupFailed()));

    assertThat(thrown).isInstanceOf(ApplicationFailure.class);
    assertThat(((ApplicationFailure) thrown).isNonRetryable()).isFalse();
    assertThat(((ApplicationFailure) thrown).getOriginalMessage())
        .startsWith("SMTP server 127.0.0.1:" + closed + " did not take the mail: ")
        .contains("Connection refused")
        .doesNotContain("s3cret");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  private static NotificationChannelConfig.Email config(int port, String password) {
    NotificationChannelConfig.Email email = new NotificationChannelConfig.Email();
    email.setHost("127.0.0.1");
    email.setPort(port);
    email.setStarttls(false); // GreenMail's plain SMTP; production keeps the default, STARTTLS required
    email.setFrom("lifeboat@example.com");
    email.setTo(List.of("ops@example.com", "dba@example.com"));
    email.setUser("lifeboat");
    email.setPassword(password);
    return email;
  }
}
