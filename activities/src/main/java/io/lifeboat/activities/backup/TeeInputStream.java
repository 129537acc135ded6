package io.lifeboat.activities.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Passes a stream through while copying every byte read into another: how a source checks what it
 * streams into the pipeline (a Redis snapshot's header, an etcd snapshot's trailing checksum) as
 * the bytes go by, without a second read or a copy on disk.
 */
public final class TeeInputStream extends FilterInputStream {
  private final OutputStream copy;

  public TeeInputStream(InputStream in, OutputStream copy) {
    super(in);
    this.copy = copy;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      copy.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      copy.write(b, off, n);
    }
    return n;
  }
}
