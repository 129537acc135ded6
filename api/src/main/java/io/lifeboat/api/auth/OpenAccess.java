package io.lifeboat.api.auth;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.lifeboat.config.LifeboatConfiguration;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Without API tokens the API serves anyone with every role, so it may listen only where nobody but
 * this machine reaches it: every connector of {@code server:} must bind to a loopback address.
 */
public final class OpenAccess {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

  private OpenAccess() {}

  /**
   * @throws IllegalStateException one line naming the connector and the two fixes, when no token is
   *     configured and a connector listens beyond loopback
   */
  public static void requireTokensOrLoopback(LifeboatConfiguration configuration) {
    if (configuration.getAuth().enabled()) {
      return;
    }
    for (Named connector : connectors(configuration.getServerFactory())) {
      String host = connector.factory() instanceof HttpConnectorFactory http ? http.getBindHost() : null;
      if (!isLoopback(host)) {
        throw new IllegalStateException("no API tokens are configured (auth.tokens) and " + connector.name()
            + (host == null || host.isBlank() ? " listens on every interface" : " listens on " + host) + ": anyone reaching it could"
            + " restore over production data; add tokens under auth.tokens (tokenSha256 from `lifeboat token hash`),"
            + " or set bindHost: 127.0.0.1 on every connector of server:");
      }
    }
  }

  /** Whether every connector of {@code server} (application and admin) binds to a loopback address. */
  public static boolean loopbackOnly(ServerFactory server) {
    return connectors(server).stream().allMatch(c -> c.factory() instanceof HttpConnectorFactory http
        && isLoopback(http.getBindHost()));
  }

  static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IP_LITERAL.matcher(host).matches()) {
      return false; // a name could resolve anywhere
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }

  private record Named(String name, ConnectorFactory factory) {}

  private static List<Named> connectors(ServerFactory server) {
    List<Named> all = new ArrayList<>();
    if (server instanceof DefaultServerFactory standard) {
      for (int i = 0; i < standard.getApplicationConnectors().size(); i++) {
        all.add(new Named("server.applicationConnectors[" + i + "]", standard.getApplicationConnectors().get(i)));
      }
      for (int i = 0; i < standard.getAdminConnectors().size(); i++) {
        all.add(new Named("server.adminConnectors[" + i + "]", standard.getAdminConnectors().get(i)));
      }
    } else if (server instanceof SimpleServerFactory simple) {
      all.add(new Named("server.connector", simple.getConnector()));
    } else {
      all.add(new Named("server (type " + server.getClass().getSimpleName() + ")", null));
    }
    return all;
  }
}
