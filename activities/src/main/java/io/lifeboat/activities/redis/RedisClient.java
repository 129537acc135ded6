package io.lifeboat.activities.redis;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A minimal RESP2 client: enough for AUTH, DBSIZE, SCAN, TYPE, PTTL, INFO and SHUTDOWN, with
 * pipelining. Bulk strings come back as byte arrays, simple strings as Strings, integers as Longs.
 */
final class RedisClient implements AutoCloseable {
  /** An error reply ({@code -ERR ...}, {@code -LOADING ...}). */
  static final class ErrorReply extends RuntimeException {
    ErrorReply(String message) {
      super(message);
    }

    boolean loading() {
      return getMessage().startsWith("LOADING");
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RedisClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
  }

  static RedisClient connect(String host, int port, String password) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(60_000);
      RedisClient client = new RedisClient(socket);
      if (password != null && !password.isEmpty()) {
        client.call("AUTH", password);
      }
      return client;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Connects once the server answers PING with its data loaded (a loading server answers
   * {@code -LOADING}); {@code gone} says why waiting is pointless (its process exited), or null.
   */
  static RedisClient whenReady(String host, int port, String password, Duration timeout, Supplier<String> gone) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      String why = gone.get();
      if (why != null) {
        throw ApplicationFailure.newFailure(why, FailureTypes.TOOL_FAILED);
      }
      RedisClient redis = null;
      try {
        redis = connect(host, port, password);
        redis.call("PING");
        return redis;
      } catch (UncheckedIOException | ErrorReply e) {
        last = e.getMessage();
        if (redis != null) {
          redis.close();
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Redis at " + host + ":" + port, e);
      }
    }
    throw ApplicationFailure.newFailure("Redis at " + host + ":" + port + " did not come up within "
        + timeout.toSeconds() + " s: " + last, FailureTypes.TOOL_FAILED);
  }

  /** Sends one command and returns its reply; an error reply throws {@link ErrorReply}. */
  Object call(Object... args) {
    List<Object[]> one = new ArrayList<>();
    one.add(args);
    return pipeline(one).get(0);
  }

  /** Sends all commands, then reads all replies in order. */
  List<Object> pipeline(List<Object[]> commands) {
    try {
      for (Object[] command : commands) {
        send(command);
      }
      out.flush();
      List<Object> replies = new ArrayList<>(commands.size());
      ErrorReply error = null;
      for (int i = 0; i < commands.size(); i++) {
        Object reply = read();
        if (reply instanceof ErrorReply e && error == null) {
          error = e;
        }
        replies.add(reply);
      }
      if (error != null) {
        throw error;
      }
      return replies;
    } catch (IOException e) {
      throw new UncheckedIOException("Redis connection failed: " + e.getMessage(), e);
    }
  }

  long callLong(Object... args) {
    return (Long) call(args);
  }

  String callString(Object... args) {
    Object reply = call(args);
    return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
  }

  private void send(Object[] command) throws IOException {
    out.write(('*' + Integer.toString(command.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : command) {
      byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
      out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new ErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length);
        if (data.length < length || in.read() != '\r' || in.read() != '\n') {
          throw new EOFException("truncated reply from Redis");
        }
        return data;
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply type '" + (char) type + "' from Redis");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new EOFException("Redis closed the connection");
      }
      buffer.write(c);
    }
    if (in.read() != '\n') {
      throw new IOException("malformed reply from Redis");
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to release
    }
  }
}
