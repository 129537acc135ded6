package io.lifeboat.activities.checks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Passes when {@code host:port} accepts a connection. */
final class TcpProbe implements Probe {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String address;

  TcpProbe(String address) {
    this.address = address;
  }

  @Override
  public Observation probe() {
    int colon = address.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
          CONNECT_TIMEOUT_MILLIS);
      return new Observation(true, address + " accepts connections");
    } catch (IOException e) {
      return new Observation(false, address + " refuses connections: " + e.getMessage());
    }
  }
}
