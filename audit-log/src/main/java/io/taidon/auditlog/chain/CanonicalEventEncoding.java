package io.taidon.auditlog.chain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * The canonical bytes of one chained audit row and the chain hash over them.
 * <p>
 * <b>Encoding</b> (version 1): the fields below, in this order, each as a 4-byte big-endian signed length followed
 * by that many bytes of UTF-8; a null field is the length {@code -1} and no bytes:
 * <ol>
 * <li>{@code id} — decimal digits of the row id</li>
 * <li>{@code actor}</li>
 * <li>{@code action}</li>
 * <li>{@code objectType}</li>
 * <li>{@code objectId} (nullable)</li>
 * <li>{@code outcome}</li>
 * <li>{@code eventTime} — ISO-8601 in UTC as printed by {@link DateTimeFormatter#ISO_INSTANT}, after truncation to
 * microseconds (PostgreSQL's {@code timestamptz} precision), e.g. {@code 2026-01-02T03:04:05.123456Z}</li>
 * <li>{@code requestId} (nullable)</li>
 * <li>{@code receivedAt} — like {@code eventTime}</li>
 * </ol>
 * Length prefixes make the encoding injective: no two different rows give the same bytes.
 * <p>
 * <b>Chain</b>: {@code hash_n = SHA-256(hash_{n-1} || canonical(row_n))} (FIPS 180-4), where {@code hash_0}, the
 * genesis, is 32 zero bytes. Each row stores {@code prev_hash} ({@code hash_{n-1}}) and {@code hash}.
 */
public final class CanonicalEventEncoding {

    /** Length of a SHA-256 hash in bytes. */
    public static final int HASH_LENGTH = 32;

    private static final byte[] GENESIS = new byte[HASH_LENGTH];

    private CanonicalEventEncoding() {
    }

    /** @return a copy of the genesis hash: 32 zero bytes */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /**
     * @param row the row, with times already truncated to microseconds
     * @return its canonical bytes (see the class documentation)
     */
    public static byte[] canonical(ChainedEvent row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, Long.toString(row.id()));
        field(out, row.actor());
        field(out, row.action());
        field(out, row.objectType());
        field(out, row.objectId());
        field(out, row.outcome());
        field(out, iso(row.eventTime()));
        field(out, row.requestId());
        field(out, iso(row.receivedAt()));
        return out.toByteArray();
    }

    /**
     * @param previousHash {@code hash_{n-1}}, 32 bytes (the genesis for the first row)
     * @param row row {@code n}
     * @return {@code SHA-256(previousHash || canonical(row))}, 32 bytes
     */
    public static byte[] chainHash(byte[] previousHash, ChainedEvent row) {
        MessageDigest sha256 = sha256();
        sha256.update(previousHash);
        sha256.update(canonical(row));
        return sha256.digest();
    }

    /**
     * @param time an instant
     * @return the instant as the encoding prints it: UTC, ISO-8601, microsecond precision
     */
    static String iso(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    private static void field(ByteArrayOutputStream out, @Nullable String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }
}
