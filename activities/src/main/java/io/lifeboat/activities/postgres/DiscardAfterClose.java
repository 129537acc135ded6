package io.lifeboat.activities.postgres;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes on until the reader goes away, then discards the rest (the stream is still checked). */
final class DiscardAfterClose extends FilterOutputStream {
  private boolean readerGone;

  DiscardAfterClose(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (!readerGone) {
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        readerGone = true;
      }
    }
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void flush() {
    if (!readerGone) {
      try {
        out.flush();
      } catch (IOException e) {
        readerGone = true;
      }
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      readerGone = true;
    }
  }
}
