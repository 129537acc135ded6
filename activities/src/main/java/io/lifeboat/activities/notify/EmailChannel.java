package io.lifeboat.activities.notify;

import io.lifeboat.config.NotificationChannelConfig;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;

/**
 * Mail over SMTP. The dedup key is the Message-ID (and an {@code X-Lifeboat-Dedup-Key} header):
 * a mail a retry sends again is recognisably the same message.
 */
final class EmailChannel implements NotificationChannel {
  private static final String TIMEOUT_MILLIS = "30000";

  private final NotificationChannelConfig.Email config;

  EmailChannel(NotificationChannelConfig.Email config) {
    this.config = config;
  }

  @Override
  public void send(NotificationEvent event) {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", config.getHost());
    properties.put("mail.smtp.port", String.valueOf(config.getPort()));
    properties.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
    properties.put("mail.smtp.timeout", TIMEOUT_MILLIS);
    properties.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
    // starttls: required, not merely tried, so a password never crosses the network in clear
    properties.put("mail.smtp.starttls.enable", String.valueOf(config.isStarttls()));
    properties.put("mail.smtp.starttls.required", String.valueOf(config.isStarttls()));
    boolean login = config.getUser() != null;
    properties.put("mail.smtp.auth", String.valueOf(login));
    Session session = Session.getInstance(properties, login ? new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(config.getUser(), config.getPassword());
      }
    } : null);
    try {
      MimeMessage message = new MimeMessage(session) {
        @Override
        protected void updateMessageID() throws MessagingException {
          // A resolve is a reply to the mail that raised it: its own id, threaded under the first.
          setHeader("Message-ID", messageId(event.resolved() ? event.dedupKey() + ".resolved" : event.dedupKey()));
        }
      };
      message.setFrom(new InternetAddress(config.getFrom()));
      for (String to : config.getTo()) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      if (event.resolved()) {
        message.setHeader("In-Reply-To", messageId(event.dedupKey()));
      }
      message.setSubject("[Lifeboat " + (event.resolved() ? "RESOLVED" : event.severity().label().toUpperCase(Locale.ROOT))
          + "] " + event.summary(), "UTF-8");
      message.setSentDate(Date.from(event.at()));
      message.setHeader("X-Lifeboat-Dedup-Key", event.dedupKey());
      message.setText(event.summary() + "\n\n" + event.details() + "\n\nSeverity: " + event.severity().label()
          + "\nTarget: " + (event.target() == null ? "-" : event.target()) + "\nRun: " + event.run()
          + "\nDedup key: " + event.dedupKey() + "\n", "UTF-8");
      Transport.send(message);
    } catch (MessagingException e) {
      throw ApplicationFailure.newFailure("SMTP server " + config.getHost() + ":" + config.getPort()
          + " did not take the mail: " + oneLine(e), FailureTypes.TOOL_FAILED);
    }
  }

  /** A Message-ID of the dedup key's letters and digits, the same for the same event. */
  static String messageId(String dedupKey) {
    return "<" + dedupKey.replaceAll("[^A-Za-z0-9._-]", ".") + "@lifeboat>";
  }

  private static String oneLine(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
  }
}
