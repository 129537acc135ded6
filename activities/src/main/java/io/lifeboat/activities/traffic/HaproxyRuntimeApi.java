package io.lifeboat.activities.traffic;

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

/**
 * haproxy's runtime API on its admin socket ({@code stats socket ... level admin}): one command
 * per connection, answered as text, then haproxy closes the connection.
 */
final class HaproxyRuntimeApi {
  private final String endpoint;

  /** @param endpoint a unix socket path, or {@code host:port} for a TCP stats socket */
  HaproxyRuntimeApi(String endpoint) {
    this.endpoint = endpoint;
  }

  String execute(String command) throws IOException {
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
