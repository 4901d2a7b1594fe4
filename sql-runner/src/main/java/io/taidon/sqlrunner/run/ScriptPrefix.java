package io.taidon.sqlrunner.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.script.ScriptStatement;

/**
 * What a warm session remembers of the script that brought it to its cache point, so that the next run of the same
 * tail with another head neither splits nor hashes the tail again, nor reads its recorded results from the
 * database: the tail's text is recognised by comparing it with the text kept here, and only the text after the
 * tail's last statement is split ({@link io.taidon.sqlrunner.script.ScriptSplitter#splitAfter}). The next run may also
 * leave the tail out and name it by {@link #ref()} ({@code tailRef}).
 *
 * @param last the tail's last statement {@code k} (its boundary says where the tail's text ends)
 * @param text the tail's text: the script's first {@code last.boundary().offset()} characters (one copy
 *        {@link WarmSessions} shares between sessions with the same tail)
 * @param ref hex SHA-256 (FIPS 180-4) of the UTF-8 bytes of the tail's text: 64 lowercase hex digits
 * @param utf8Length length of the tail's text in UTF-8 bytes
 * @param hashes chain hashes {@code h_1 … h_k} of the tail
 * @param recorded results of statements {@code 1 … k} as a run serves them from the cache (source {@code cache})
 * @param recordedBytes what {@code recorded} holds ({@link StatementResult#heldBytes()} summed)
 */
record ScriptPrefix(ScriptStatement last, String text, String ref, long utf8Length, List<String> hashes,
        List<StatementResult> recorded, long recordedBytes) {

    private static final int CHUNK = 1 << 16;

    /**
     * @param script the script
     * @param last the tail's last statement; its boundary must be resumable
     * @param hashes {@code h_1 … h_k}
     * @param recorded results of statements {@code 1 … k}, any source
     * @return the prefix, owning copies of the text and the lists
     */
    static ScriptPrefix of(String script, ScriptStatement last, List<String> hashes, List<StatementResult> recorded) {
        String text = script.substring(0, last.boundary().offset());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
        long bytes = encodeUtf8(text, 0, sha::update);
        List<StatementResult> cached = recorded.stream().map(result -> result.withSource(StatementSource.CACHE)).toList();
        return new ScriptPrefix(last, text, HexFormat.of().formatHex(sha.digest()), bytes, List.copyOf(hashes), cached,
                cached.stream().mapToLong(StatementResult::heldBytes).sum());
    }

    /**
     * @param script a new script
     * @return whether it starts with exactly this tail's text and has more after it
     */
    boolean matches(String script) {
        return script.length() > this.text.length() && script.startsWith(this.text);
    }

    /**
     * @param rest the text that follows the tail in a new script
     * @return the new script: the tail's text, then {@code rest}
     */
    String complete(String rest) {
        return this.text.concat(rest);
    }

    /** @return length of the tail's text in UTF-16 code units (a JavaScript string's {@code length}) */
    int length() {
        return this.text.length();
    }

    /** @return the same prefix over an equal copy of its text */
    ScriptPrefix withText(String same) {
        return new ScriptPrefix(this.last, same, this.ref, this.utf8Length, this.hashes, this.recorded,
                this.recordedBytes);
    }

    /**
     * Encodes text as UTF-8 (RFC 3629) in 64 Ki-character chunks, never splitting a surrogate pair: the JDK's intrinsic
     * encoder without a copy of a whole multi-megabyte script.
     *
     * @param text the text
     * @param start where to start, a UTF-16 index that does not split a surrogate pair
     * @param sink receives each chunk's bytes, in order
     * @return the number of bytes from {@code start} on
     */
    static long encodeUtf8(String text, int start, Consumer<byte[]> sink) {
        long bytes = 0;
        for (int from = start; from < text.length(); ) {
            int to = Math.min(text.length(), from + CHUNK);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to++;
            }
            byte[] chunk = text.substring(from, to).getBytes(StandardCharsets.UTF_8);
            sink.accept(chunk);
            bytes += chunk.length;
            from = to;
        }
        return bytes;
    }

    /** @return the chain hash of the tail, {@code h_k} */
    String tailHash() {
        return this.hashes.getLast();
    }
}
