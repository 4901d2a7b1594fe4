package io.taidon.snapshotcache.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import com.github.luben.zstd.ZstdOutputStream;

/**
 * Reads raw bytes from a source and yields them zstd-compressed, hashing the raw bytes (SHA-256) and counting them
 * on the way. Holds at most one chunk of raw input and its compressed output in memory, so a blob of any size
 * streams from the request body into the object store.
 */
final class CompressingInputStream extends InputStream {

    private static final int CHUNK = 128 * 1024;

    private final InputStream source;

    private final MessageDigest digest;

    private final Buffer compressed = new Buffer();

    private final ZstdOutputStream zstd;

    private final byte[] chunk = new byte[CHUNK];

    private int position;

    private long rawBytes;

    private boolean finished;

    private boolean sourceFailed;

    CompressingInputStream(InputStream source, MessageDigest digest, int level) throws IOException {
        this.source = source;
        this.digest = digest;
        this.zstd = new ZstdOutputStream(this.compressed, level);
        this.zstd.setChecksum(true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (this.position >= this.compressed.size()) {
            if (this.finished) {
                return -1;
            }
            this.compressed.reset();
            this.position = 0;
            int n;
            try {
                n = this.source.read(this.chunk);
            }
            catch (IOException ex) {
                this.sourceFailed = true;
                throw ex;
            }
            if (n < 0) {
                this.zstd.close();
                this.finished = true;
            }
            else {
                this.digest.update(this.chunk, 0, n);
                this.rawBytes += n;
                this.zstd.write(this.chunk, 0, n);
            }
        }
        int n = Math.min(length, this.compressed.size() - this.position);
        System.arraycopy(this.compressed.bytes(), this.position, target, offset, n);
        this.position += n;
        return n;
    }

    /** @return raw (uncompressed) bytes read from the source so far */
    long rawBytes() {
        return this.rawBytes;
    }

    /** @return whether the source was read to its end */
    boolean finished() {
        return this.finished;
    }

    /** @return whether reading the source failed (e.g. the client's connection was cut) */
    boolean sourceFailed() {
        return this.sourceFailed;
    }

    @Override
    public void close() throws IOException {
        this.zstd.close();
    }

    private static final class Buffer extends ByteArrayOutputStream {

        byte[] bytes() {
            return this.buf;
        }
    }
}
