package io.lifeboat.activities.traffic;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * haproxy's runtime API on its admin socket ({@code stats socket ... level admin}): one command
 * per connection, answered as text, then haproxy closes the connection.
 */
final class HaproxyRuntimeApi {
  /** What haproxy accepts in a proxy or server name; nothing here separates commands or words. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

  private final String endpoint;

  /** @param endpoint a unix socket path, or {@code host:port} for a TCP stats socket */
  HaproxyRuntimeApi(String endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * {@code value} when it can be put into a command as a {@code role} (backend, server) name; else
   * a non-retryable failure naming it: {@code ;} would add a command of its own, a space or a line
   * break another word or command.
   */
  static String name(String role, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApplicationFailure.newNonRetryableFailure("haproxy " + role + " name '" + value
          + "' is not a name: use letters, digits, '-', '_', '.' and ':' only (no ';', spaces or line breaks)",
          FailureTypes.BAD_REQUEST);
    }
    return value;
  }

  /** Sends one command; one that holds a command separator or line break is refused, never sent. */
  String execute(String command) throws IOException {
    if (command.contains(";") || command.contains("\n") || command.contains("\r")) {
      throw ApplicationFailure.newNonRetryableFailure("refused to send '" + command.replaceAll("[\r\n]", " ")
          + "' to " + this + ": it holds ';' or a line break, which haproxy reads as another command",
          FailureTypes.BAD_REQUEST);
    }
    SocketAddress address = address();
    try (SocketChannel channel = address instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : SocketChannel.open()) {
      channel.connect(address);
      OutputStream out = Channels.newOutputStream(channel);
      out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = Channels.newInputStream(channel);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private SocketAddress address() {
    if (endpoint.startsWith("/") || endpoint.startsWith("unix:")) {
      return UnixDomainSocketAddress.of(endpoint.replaceFirst("^unix:", ""));
    }
    int colon = endpoint.lastIndexOf(':');
    return new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return "haproxy at " + endpoint;
  }
}
