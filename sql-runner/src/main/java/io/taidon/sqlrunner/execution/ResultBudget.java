package io.taidon.sqlrunner.execution;

/**
 * The bytes of results one run may hold, across its statements: each statement's rows and notices are charged when
 * it ends ({@link LearnerSession#execute(io.taidon.sqlrunner.script.ScriptStatement,
 * io.taidon.sqlrunner.script.ScriptPositions, java.time.Instant, ResultBudget)}), results served from the cache when
 * the run takes them ({@link #charge}). Once it is spent, later statements still run in full but return no rows
 * ({@code truncated}, with a notice saying why), so a run's answer stays within the budget whatever the script
 * selects. Bytes are counted as {@link StatementResult#heldBytes()} does. Not thread-safe: one run, one thread.
 */
public final class ResultBudget {

    private final long limit;

    private long used;

    /**
     * @param limit bytes the run may hold, at least 0
     */
    public ResultBudget(long limit) {
        this.limit = Math.max(0, limit);
    }

    /** @return a budget that never runs out (each statement is still capped on its own) */
    public static ResultBudget unlimited() {
        return new ResultBudget(Long.MAX_VALUE);
    }

    /** @return the run's limit in bytes */
    public long limit() {
        return this.limit;
    }

    /** @return bytes still to be spent, at least 0 */
    public long remaining() {
        return Math.max(0, this.limit - this.used);
    }

    /**
     * @param bytes bytes now held by the run
     */
    public void charge(long bytes) {
        this.used = Math.min(Long.MAX_VALUE - bytes, this.used) + bytes;
    }
}
