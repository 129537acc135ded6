package io.lifeboat.activities.traffic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The three Route 53 REST calls a traffic switch makes (ListResourceRecordSets,
 * ChangeResourceRecordSets, GetChange), over HTTP with Route 53's XML, holding one hosted zone's
 * record sets in memory. Route 53 itself cannot be reached from here and has no local edition; a
 * change is PENDING at its first GetChange and INSYNC afterwards, as real ones take a while.
 */
final class FakeRoute53 implements AutoCloseable {
  private static final String XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";

  /** One weighted or failover record set; {@code weight} or {@code failover} is null. */
  record RecordSet(String name, String type, String setIdentifier, Long weight, String failover, long ttl,
      List<String> values) {}

  final Map<String, RecordSet> records = new ConcurrentHashMap<>();
  final List<String> changeBatches = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> changeReads = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final String zone;

  FakeRoute53(String zone) throws IOException {
    this.zone = zone;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/2013-04-01/", this::handle);
    server.start();
  }

  void put(RecordSet set) {
    records.put(set.name() + "|" + set.type() + "|" + set.setIdentifier(), set);
  }

  RecordSet get(String name, String setIdentifier) {
    return records.values().stream()
        .filter(r -> r.name().equals(name) && r.setIdentifier().equals(setIdentifier)).findFirst().orElseThrow();
  }

  int changeReads() {
    return changeReads.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  Route53Client client() {
    return Route53Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try (exchange) {
      if (path.startsWith("/2013-04-01/hostedzone/" + zone + "/rrset")) {
        answer(exchange, 200, exchange.getRequestMethod().equals("POST")
            ? change(exchange.getRequestBody()) : list(query(exchange, "name")));
      } else if (path.startsWith("/2013-04-01/change/")) {
        String id = path.substring(path.lastIndexOf('/') + 1);
        int reads = changeReads.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
        answer(exchange, 200, "<GetChangeResponse xmlns=\"" + XMLNS + "\">" + changeInfo(id, reads > 1 ? "INSYNC" : "PENDING")
            + "</GetChangeResponse>");
      } else {
        answer(exchange, 404, "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>"
            + "<Message>No hosted zone found for " + path + "</Message></Error><RequestId>1</RequestId></ErrorResponse>");
      }
    }
  }

  /** From {@code start} on, as Route 53 lists (by name, here simply alphabetically). */
  private String list(String start) {
    StringBuilder xml = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + XMLNS + "\"><ResourceRecordSets>");
    records.values().stream()
        .filter(r -> start == null || r.name().compareTo(start) >= 0)
        .sorted(Comparator.comparing(RecordSet::name).thenComparing(RecordSet::type).thenComparing(RecordSet::setIdentifier))
        .forEach(r -> xml.append(toXml(r)));
    return xml.append("</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems>")
        .append("</ListResourceRecordSetsResponse>").toString();
  }

  private String change(InputStream body) throws IOException {
    byte[] bytes = body.readAllBytes();
    changeBatches.add(new String(bytes, StandardCharsets.UTF_8));
    try {
      Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(bytes)).getDocumentElement();
      for (Element change : children(root, "Change")) {
        if (!text(change, "Action").equals("UPSERT")) {
          throw new IllegalArgumentException("only UPSERT is expected, got " + text(change, "Action"));
        }
        Element set = children(change, "ResourceRecordSet").get(0);
        String weight = text(set, "Weight");
        String failover = text(set, "Failover");
        put(new RecordSet(text(set, "Name"), text(set, "Type"), text(set, "SetIdentifier"),
            weight.isEmpty() ? null : Long.parseLong(weight), failover.isEmpty() ? null : failover,
            Long.parseLong(text(set, "TTL")), children(set, "Value").stream().map(Node::getTextContent).toList()));
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    String id = "C" + changeBatches.size();
    return "<ChangeResourceRecordSetsResponse xmlns=\"" + XMLNS + "\">" + changeInfo("/change/" + id, "PENDING")
        + "</ChangeResourceRecordSetsResponse>";
  }

  private static String query(HttpExchange exchange, String key) {
    String query = exchange.getRequestURI().getQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(key + "=")) {
        return pair.substring(key.length() + 1);
      }
    }
    return null;
  }

  private static String toXml(RecordSet r) {
    StringBuilder xml = new StringBuilder("<ResourceRecordSet><Name>" + r.name() + "</Name><Type>" + r.type()
        + "</Type><SetIdentifier>" + r.setIdentifier() + "</SetIdentifier>");
    if (r.weight() != null) {
      xml.append("<Weight>").append(r.weight()).append("</Weight>");
    }
    if (r.failover() != null) {
      xml.append("<Failover>").append(r.failover()).append("</Failover>");
    }
    xml.append("<TTL>").append(r.ttl()).append("</TTL><ResourceRecords>");
    r.values().forEach(v -> xml.append("<ResourceRecord><Value>").append(v).append("</Value></ResourceRecord>"));
    return xml.append("</ResourceRecords></ResourceRecordSet>").toString();
  }

  private static String changeInfo(String id, String status) {
    return "<ChangeInfo><Id>" + id + "</Id><Status>" + status + "</Status><SubmittedAt>2026-11-22T03:00:00Z</SubmittedAt>"
        + "</ChangeInfo>";
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> found = new ArrayList<>();
    var nodes = parent.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  private static String text(Element parent, String tag) {
    List<Element> found = children(parent, tag);
    return found.isEmpty() ? "" : found.get(0).getTextContent();
  }

  private static void answer(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
