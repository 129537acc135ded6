package io.lifeboat.config.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.config.VaultStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads fields of HashiCorp Vault KV version 2 secrets over Vault's HTTP API: {@code GET
 * /v1/<mount>/data/<path>} with the token in {@code X-Vault-Token}; the secret's fields are in
 * {@code data.data}.
 */
final class VaultKv implements SecretStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VaultStoreConfig config;
  private final Map<String, String> environment;
  private final HttpClient http;

  VaultKv(VaultStoreConfig config, Map<String, String> environment) {
    this.config = config;
    this.environment = environment;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (config.getCaFile() != null) {
      builder.sslContext(trusting(config.getCaFile()));
    }
    this.http = builder.build();
  }

  @Override
  public String read(SecretReference reference) {
    String token = environment.get(config.getTokenEnv());
    if (token == null || token.isBlank()) {
      throw new SecretException("cannot read " + reference + ": the Vault token variable " + config.getTokenEnv()
          + " is not set; export it (or set secretStores.vault.tokenEnv to the variable that holds the token)");
    }
    int slash = reference.location().indexOf('/');
    String mount = reference.location().substring(0, slash);
    String path = reference.location().substring(slash + 1);
    URI uri = URI.create(stripSlash(config.getAddress().toString()) + "/v1/" + encode(mount) + "/data/"
        + encode(path));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
        .header("X-Vault-Token", token);
    if (config.getNamespace() != null) {
      request.header("X-Vault-Namespace", config.getNamespace());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      String why = e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
      throw new SecretException("cannot read " + reference + ": Vault at " + config.getAddress()
          + " is unreachable (" + why + "); check secretStores.vault.address and that Vault is running", e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SecretException("reading " + reference + " from Vault was interrupted", e);
    }
    return switch (response.statusCode()) {
      case 200 -> field(reference, response.body(), mount, path);
      case 404 -> throw new SecretException("cannot read " + reference + ": Vault at " + config.getAddress()
          + " has no secret at " + mount + "/" + path + " (KV version 2 mount '" + mount + "'); write it with"
          + " `vault kv put " + mount + "/" + path + " " + reference.field() + "=...` or correct the reference");
      case 403 -> throw new SecretException("cannot read " + reference + ": Vault at " + config.getAddress()
          + " denied the token in " + config.getTokenEnv() + " (permission denied); give it a policy that allows"
          + " read on " + mount + "/data/" + path + ", or export a valid token");
      default -> throw new SecretException("cannot read " + reference + ": Vault at " + config.getAddress()
          + " answered HTTP " + response.statusCode() + " " + errors(response.body())
          + "; check that Vault is unsealed and that " + mount + " is a KV version 2 mount", null,
          response.statusCode() >= 500 || response.statusCode() == 429);
    };
  }

  private static String field(SecretReference reference, byte[] body, String mount, String path) {
    JsonNode fields;
    try {
      fields = JSON.readTree(body).path("data").path("data");
    } catch (IOException e) {
      throw new SecretException("cannot read " + reference + ": Vault's answer is not JSON; check that "
          + mount + " is a KV version 2 mount", e);
    }
    JsonNode value = fields.get(reference.field());
    if (value == null || !value.isTextual()) {
      List<String> names = new ArrayList<>();
      fields.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      throw new SecretException("cannot read " + reference + ": the Vault secret " + mount + "/" + path
          + " has no text field '" + reference.field() + "' (its fields: " + names + "); add it or name one of"
          + " those after #");
    }
    return value.textValue();
  }

  private static String errors(byte[] body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      List<String> list = new ArrayList<>();
      errors.forEach(e -> list.add(e.asText()));
      return list.toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static String encode(String path) {
    return Arrays.stream(path.split("/", -1))
        .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
  }

  private static String stripSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream pem = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trust.setCertificateEntry("ca" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new SecretException("secretStores.vault.caFile " + caFile + " cannot be read as PEM certificates ("
          + e.getMessage() + "); point it at the PEM file of the CA that signed Vault's certificate", e);
    }
  }
}
