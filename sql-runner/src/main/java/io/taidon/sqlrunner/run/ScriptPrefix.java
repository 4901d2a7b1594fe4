package io.taidon.sqlrunner.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.script.ScriptStatement;

/**
 * What a warm session remembers of the script that brought it to its cache point, so that the next run of the same
 * tail with another head neither splits nor hashes the tail again, nor reads its recorded results from the
 * database: the tail's text is recognised by its SHA-256 digest (FIPS 180-4) and only the text after the tail's last
 * statement is split ({@link io.taidon.sqlrunner.script.ScriptSplitter#splitAfter}).
 *
 * @param last the tail's last statement {@code k} (its boundary says where the tail's text ends)
 * @param digest SHA-256 of the UTF-8 bytes of the script's first {@code last.boundary().offset()} characters
 * @param hashes chain hashes {@code h_1 … h_k} of the tail
 * @param recorded results of statements {@code 1 … k} as a run serves them from the cache (source {@code cache})
 */
record ScriptPrefix(ScriptStatement last, byte[] digest, List<String> hashes, List<StatementResult> recorded) {

    private static final int CHUNK = 1 << 16;

    /**
     * @param script the script
     * @param last the tail's last statement; its boundary must be resumable
     * @param hashes {@code h_1 … h_k}
     * @param recorded results of statements {@code 1 … k}, any source
     * @return the prefix, owning copies of the lists
     */
    static ScriptPrefix of(String script, ScriptStatement last, List<String> hashes, List<StatementResult> recorded) {
        return new ScriptPrefix(last, digest(script, last.boundary().offset()), List.copyOf(hashes),
                recorded.stream().map(result -> result.withSource("cache")).toList());
    }

    /**
     * @param script a new script
     * @return whether it starts with exactly this tail's text and has more after it
     */
    boolean matches(String script) {
        int end = this.last.boundary().offset();
        return script.length() > end && MessageDigest.isEqual(this.digest, digest(script, end));
    }

    /** @return the chain hash of the tail, {@code h_k} */
    String tailHash() {
        return this.hashes.getLast();
    }

    private static byte[] digest(String script, int end) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
        for (int from = 0; from < end; ) {
            int to = Math.min(end, from + CHUNK);
            if (to < end && Character.isHighSurrogate(script.charAt(to - 1))) {
                // never split a surrogate pair between two chunks
                to++;
            }
            sha.update(script.substring(from, to).getBytes(StandardCharsets.UTF_8));
            from = to;
        }
        return sha.digest();
    }
}
