package io.taidon.auditlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.taidon.auditlog.chain.CanonicalEventEncoding;
import io.taidon.auditlog.chain.ChainedEvent;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalEventEncodingTests {

    private static final ChainedEvent ROW = new ChainedEvent(7, "u_1", "run.create", "run", null, "success",
            Instant.parse("2026-01-02T03:04:05.123456789Z"), "req-1", Instant.parse("2026-01-02T03:04:06Z"));

    @Test
    void shouldEncodeLengthPrefixedUtf8FieldsInFixedOrderWithMicrosecondUtcTimes() {
        String expected = field("7") + field("u_1") + field("run.create") + field("run") + "ffffffff"
                + field("success") + field("2026-01-02T03:04:05.123456Z") + field("req-1")
                + field("2026-01-02T03:04:06Z");

        assertThat(HexFormat.of().formatHex(CanonicalEventEncoding.canonical(ROW))).isEqualTo(expected);
    }

    @Test
    void shouldChainSha256OverThePreviousHashAndTheCanonicalBytes() throws Exception {
        byte[] previous = CanonicalEventEncoding.genesis();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(new byte[32]);
        sha256.update(CanonicalEventEncoding.canonical(ROW));

        assertThat(previous).hasSize(32).containsOnly(0);
        assertThat(CanonicalEventEncoding.chainHash(previous, ROW)).isEqualTo(sha256.digest());
    }

    @Test
    void shouldTellANullFieldFromAnEmptyOneAndShiftedFieldsApart() {
        ChainedEvent empty = new ChainedEvent(7, "u_1", "run.create", "run", "", "success", ROW.eventTime(), "req-1",
                ROW.receivedAt());
        ChainedEvent shifted = new ChainedEvent(7, "u_1r", "un.create", "run", null, "success", ROW.eventTime(),
                "req-1", ROW.receivedAt());

        assertThat(CanonicalEventEncoding.canonical(empty)).isNotEqualTo(CanonicalEventEncoding.canonical(ROW));
        assertThat(CanonicalEventEncoding.canonical(shifted)).isNotEqualTo(CanonicalEventEncoding.canonical(ROW));
    }

    private static String field(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return String.format("%08x", bytes.length) + HexFormat.of().formatHex(bytes);
    }
}
