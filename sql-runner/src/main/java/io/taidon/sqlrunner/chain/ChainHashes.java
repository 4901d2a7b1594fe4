package io.taidon.sqlrunner.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Chain hashes as DESIGN.md defines them, tag {@code taidon-chain/v2} (v2 commits to the sandbox's base):
 * {@code h_0 = SHA-256("taidon-chain/v2" ‖ engine major ‖ settings fingerprint ‖ 0x00 ‖ base)} and
 * {@code h_i = SHA-256(h_{i-1} ‖ 0x00 ‖ UTF-8 of statement i, whitespace-trimmed)}.
 * <p>
 * Byte encoding: in {@code h_0} the parts are the UTF-8 bytes of the strings (the engine major as decimal digits,
 * e.g. {@code "18"}), the first three concatenated without separator, then one zero byte and the base reference
 * ({@code empty}, or {@code sha256:} and the digest of the base snapshot's files, as env-manager's
 * {@code SandboxBase} gives it); in {@code h_i} the previous hash enters as its 32 raw bytes. Hashes are rendered
 * as 64 lower-case hex digits. "Whitespace-trimmed" strips leading and trailing whitespace as
 * {@link String#strip()} does. Two sandboxes with the same base share chain snapshots; different bases never
 * collide.
 */
public final class ChainHashes {

    private static final HexFormat HEX = HexFormat.of();

    private ChainHashes() {
    }

    /** The base reference of an empty base. */
    public static final String EMPTY_BASE = "empty";

    /**
     * @param engineMajor PostgreSQL major version of the sandbox, e.g. 18
     * @param settingsFingerprint fingerprint of the sandbox's server settings
     * @param base the sandbox's base reference: {@value #EMPTY_BASE} or {@code sha256:<64 hex>}
     * @return {@code h_0} in hex
     */
    public static String root(int engineMajor, String settingsFingerprint, String base) {
        MessageDigest sha = sha256();
        sha.update("taidon-chain/v2".getBytes(StandardCharsets.UTF_8));
        sha.update(Integer.toString(engineMajor).getBytes(StandardCharsets.UTF_8));
        sha.update(settingsFingerprint.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(base.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    /**
     * @param previous {@code h_{i-1}} in hex
     * @param statementText the text of statement i (trimmed here)
     * @return {@code h_i} in hex
     */
    public static String next(String previous, String statementText) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(previous));
        sha.update((byte) 0);
        sha.update(statementText.strip().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    /**
     * @param root {@code h_0} in hex
     * @param statementTexts the statements in order
     * @return {@code h_1 … h_n} (index 0 holds {@code h_1})
     */
    public static List<String> chain(String root, List<String> statementTexts) {
        List<String> hashes = new ArrayList<>(statementTexts.size());
        String previous = root;
        for (String text : statementTexts) {
            previous = next(previous, text);
            hashes.add(previous);
        }
        return hashes;
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
