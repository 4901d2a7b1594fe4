package io.taidon.snapshotcache.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;

import com.github.luben.zstd.ZstdInputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressingInputStreamTests {

    @Test
    void shouldCompressHashAndCountWhatItReads() throws Exception {
        byte[] raw = new byte[1_000_000];
        Random random = new Random(7);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) ('a' + random.nextInt(4));
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] compressed;
        try (CompressingInputStream in = new CompressingInputStream(new ByteArrayInputStream(raw), digest, 3)) {
            compressed = in.readAllBytes();
            assertThat(in.finished()).isTrue();
            assertThat(in.rawBytes()).isEqualTo(raw.length);
        }
        assertThat(compressed.length).isLessThan(raw.length / 2);
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(raw));
        try (InputStream back = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(back.readAllBytes()).isEqualTo(raw);
        }
    }

    @Test
    void shouldReportAFailingSource() throws Exception {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        try (CompressingInputStream in = new CompressingInputStream(failing, MessageDigest.getInstance("SHA-256"),
                3)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
            assertThat(in.sourceFailed()).isTrue();
            assertThat(in.finished()).isFalse();
        }
    }
}
