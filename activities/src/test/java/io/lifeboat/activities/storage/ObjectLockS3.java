package io.lifeboat.activities.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-process HTTP server that answers the S3 requests of Object Lock, storage classes
 * and archive restores the way S3 does, and records each one. S3Proxy, the only S3 server that runs here,
 * implements neither Object Lock nor storage-class transitions nor archive restores, so the
 * requests are checked at the HTTP level against this instead. It keeps the bodies of single
 * PUTs (manifests, signatures) to serve them back, and each key's lock and legal hold as set by
 * the requests it received, with each key's storage class and restore status; multipart data is
 * recorded, not kept.
 */
public final class ObjectLockS3 implements AutoCloseable {
  /** One request: method, path with query, the x-amz-* and content headers, and its body as text. */
  public record Request(String method, String pathAndQuery, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The CRC32 S3 wants with a locked write: as a header, or announced as a trailer of the body. */
    public boolean carriesChecksum() {
      return header("x-amz-checksum-crc32") != null || "x-amz-checksum-crc32".equals(header("x-amz-trailer"));
    }
  }

  private static final Pattern TRAILER_CRC = Pattern.compile("x-amz-checksum-crc32:([A-Za-z0-9+/=]+)");

  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String[]> retentions = new ConcurrentHashMap<>();
  private final Map<String, String> legalHolds = new ConcurrentHashMap<>();
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> storageClasses = new ConcurrentHashMap<>();
  private final Map<String, String> restores = new ConcurrentHashMap<>();
  private final HttpServer server;

  public ObjectLockS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The requests of one method whose path and query contain {@code fragment}. */
  public List<Request> requests(String method, String fragment) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().contains(fragment)).toList();
    }
  }

  /** The storage class S3 would report for {@code path} ("/bucket/key"); null for STANDARD. */
  public String storageClass(String path) {
    return storageClasses.get(path);
  }

  /** S3 has finished restoring the archived object at {@code path}: it is readable until it expires. */
  public void finishRestore(String path) {
    restores.put(path, "ongoing-request=\"false\", expiry-date=\"Fri, 30 Nov 2026 00:00:00 GMT\"");
  }

  /** "ON", "OFF", or null when no legal hold request reached {@code path} ("/bucket/key"). */
  public String legalHold(String path) {
    return legalHolds.get(path);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-amz-") || lower.startsWith("content-")) {
        headers.put(lower, values.get(0));
      }
    });
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String body = new String(bytes, StandardCharsets.ISO_8859_1);
    requests.add(new Request(method, path + (query.isEmpty() ? "" : "?" + query), headers, body));

    // A new object (a PUT, a copy, or the start of a multipart upload) has the lock and class its request
    // asked for, or none.
    if (method.equals("PUT") && query.isEmpty() || method.equals("POST") && query.equals("uploads")) {
      String storageClass = headers.get("x-amz-storage-class");
      if (storageClass == null || storageClass.equals("STANDARD")) {
        storageClasses.remove(path);
      } else {
        storageClasses.put(path, storageClass);
      }
      restores.remove(path);
      String lockMode = headers.get("x-amz-object-lock-mode");
      if (lockMode == null) {
        retentions.remove(path);
      } else {
        retentions.put(path, new String[] {lockMode, headers.get("x-amz-object-lock-retain-until-date")});
      }
    }
    if (method.equals("PUT") && headers.containsKey("x-amz-copy-source")) {
      reply(exchange, 200, query.isEmpty()
          ? "<CopyObjectResult><ETag>\"copied\"</ETag></CopyObjectResult>"
          : "<CopyPartResult><ETag>\"part\"</ETag></CopyPartResult>", null);
    } else if (method.equals("POST") && query.equals("restore")) {
      restores.putIfAbsent(path, "ongoing-request=\"true\"");
      reply(exchange, 202, "", null);
    } else if (method.equals("GET") && query.equals("retention")) {
      String[] retention = retentions.get(path);
      if (retention == null) {
        reply(exchange, 404, error("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock"
            + " configuration"), null);
      } else {
        reply(exchange, 200, "<Retention><Mode>" + retention[0] + "</Mode><RetainUntilDate>" + retention[1]
            + "</RetainUntilDate></Retention>", null);
      }
    } else if (method.equals("PUT") && query.equals("legal-hold")) {
      legalHolds.put(path, body.contains("<Status>ON</Status>") ? "ON" : "OFF");
      reply(exchange, 200, "", null);
    } else if (method.equals("POST") && query.equals("uploads")) {
      reply(exchange, 200, "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>upload-1</UploadId>"
          + "</InitiateMultipartUploadResult>", null);
    } else if (method.equals("POST") && query.startsWith("uploadId=")) {
      reply(exchange, 200, "<CompleteMultipartUploadResult><ETag>\"done\"</ETag></CompleteMultipartUploadResult>", null);
    } else if (method.equals("PUT")) {
      if (query.isEmpty()) {
        bodies.put(path, headers.containsKey("x-amz-decoded-content-length") ? unchunk(bytes) : bytes);
      }
      reply(exchange, 200, "", checksumOf(headers, body));
    } else if (method.equals("GET") && query.isEmpty() && bodies.containsKey(path)) {
      reply(exchange, 200, bodies.get(path), null);
    } else if (method.equals("GET") && query.isEmpty()) {
      reply(exchange, 404, error("NoSuchKey", "The specified key does not exist."), null);
    } else if (method.equals("HEAD")) {
      if (storageClasses.containsKey(path)) {
        exchange.getResponseHeaders().add("x-amz-storage-class", storageClasses.get(path));
      }
      if (restores.containsKey(path)) {
        exchange.getResponseHeaders().add("x-amz-restore", restores.get(path));
      }
      // The object's length, as S3 sends it; multipart data is not kept, so its length is not known here.
      exchange.getResponseHeaders().set("Content-Length",
          Integer.toString(bodies.containsKey(path) ? bodies.get(path).length : 1));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    } else {
      reply(exchange, 501, error("NotImplemented", method + " " + path + "?" + query), null);
    }
  }

  /** The data of an aws-chunked body: "hex-size[;extensions]\r\ndata\r\n" chunks, a 0 chunk, trailers. */
  private static byte[] unchunk(byte[] body) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOfCrlf(body, at);
      String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
      if (size == 0) {
        return data.toByteArray();
      }
      data.write(body, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("no CRLF after byte " + from + " of an aws-chunked body");
  }

  /** The checksum a part was sent with, echoed back as S3 does. */
  private static String checksumOf(Map<String, String> headers, String body) {
    if (headers.containsKey("x-amz-checksum-crc32")) {
      return headers.get("x-amz-checksum-crc32");
    }
    Matcher trailer = TRAILER_CRC.matcher(body);
    return trailer.find() ? trailer.group(1) : null;
  }

  private static String error(String code, String message) {
    return "<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>";
  }

  private static void reply(HttpExchange exchange, int status, String xml, String checksum) throws IOException {
    if (!xml.isEmpty()) {
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
    }
    reply(exchange, status, xml.getBytes(StandardCharsets.UTF_8), checksum);
  }

  private static void reply(HttpExchange exchange, int status, byte[] bytes, String checksum) throws IOException {
    exchange.getResponseHeaders().add("ETag", "\"etag-" + status + "\"");
    if (checksum != null) {
      exchange.getResponseHeaders().add("x-amz-checksum-crc32", checksum);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
