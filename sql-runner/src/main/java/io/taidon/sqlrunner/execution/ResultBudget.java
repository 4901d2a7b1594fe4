package io.taidon.sqlrunner.execution;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The limits of one run that are the learner's own rather than the runner's: the bytes of results the run may hold,
 * across its statements, and the learner's statement time limit (user-profile's {@code statementTimeoutMs}).
 * <p>
 * Bytes: each statement's rows and notices are charged when it ends ({@link LearnerSession#execute(
 * io.taidon.sqlrunner.script.ScriptStatement, io.taidon.sqlrunner.script.ScriptPositions, java.time.Instant,
 * ResultBudget)}), results served from the cache when the run takes them ({@link #charge}). Once it is spent, later
 * statements still run in full but return no rows ({@code truncated}, with a notice saying why), so a run's answer
 * stays within the budget whatever the script selects. Bytes are counted as {@link StatementResult#heldBytes()} does.
 * <p>
 * Time: each statement's deadline is the smallest of {@link ExecutionLimits#statementTimeout()}, this
 * {@link #statementTimeout()} and what is left of the run; a statement canceled at this limit fails with
 * {@code 57014} naming it, and is reported to the listener given here. Not thread-safe: one run, one thread.
 */
public final class ResultBudget {

    private static final Runnable NOBODY = () -> {
    };

    private final long limit;

    private final ResultMemory.Lease memory;

    private final @Nullable Duration statementTimeout;

    private final Runnable canceledAtStatementTimeout;

    private long used;

    /**
     * @param limit bytes the run may hold, at least 0
     */
    public ResultBudget(long limit) {
        this(limit, ResultMemory.unpooled(), null, NOBODY);
    }

    /**
     * @param limit bytes the run may hold, at least 0
     * @param memory the run's share of what all runs may hold at once
     */
    public ResultBudget(long limit, ResultMemory.Lease memory) {
        this(limit, memory, null, NOBODY);
    }

    /**
     * @param limit bytes the run may hold, at least 0
     * @param statementTimeout the learner's own wall-clock limit per statement, or null for the runner's alone
     * @param canceledAtStatementTimeout called (on the run's thread) for each statement canceled at
     *        {@code statementTimeout}
     */
    public ResultBudget(long limit, @Nullable Duration statementTimeout, Runnable canceledAtStatementTimeout) {
        this(limit, ResultMemory.unpooled(), statementTimeout, canceledAtStatementTimeout);
    }

    /**
     * @param limit bytes the run may hold, at least 0
     * @param memory the run's share of what all runs may hold at once
     * @param statementTimeout the learner's own wall-clock limit per statement, or null for the runner's alone
     * @param canceledAtStatementTimeout called (on the run's thread) for each statement canceled at
     *        {@code statementTimeout}
     */
    public ResultBudget(long limit, ResultMemory.Lease memory, @Nullable Duration statementTimeout,
            Runnable canceledAtStatementTimeout) {
        this.limit = Math.max(0, limit);
        this.memory = memory;
        this.statementTimeout = statementTimeout;
        this.canceledAtStatementTimeout = canceledAtStatementTimeout;
    }

    /** @return a budget that never runs out (each statement is still capped on its own) */
    public static ResultBudget unlimited() {
        return new ResultBudget(Long.MAX_VALUE);
    }

    /**
     * Takes what a statement may hold before it runs.
     *
     * @param cap the statement's own cap in bytes
     * @return bytes it may hold: at most {@code cap}, what is left of this budget and what the shared pool has
     */
    long reserve(long cap) {
        return this.memory.take(Math.min(cap, remaining()));
    }

    /**
     * Settles a {@link #reserve reservation}: charges what the statement's result holds and gives the rest back.
     *
     * @param reserved what {@link #reserve} granted
     * @param held what the result holds, at least as much as {@code reserved} may be (notices are counted too)
     */
    void settle(long reserved, long held) {
        if (held > reserved) {
            this.memory.force(held - reserved);
        }
        else {
            this.memory.giveBack(reserved - held);
        }
        this.used = Math.min(Long.MAX_VALUE - held, this.used) + held;
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
     * @param bytes bytes now held by the run (results served from the cache)
     */
    public void charge(long bytes) {
        this.memory.force(bytes);
        this.used = Math.min(Long.MAX_VALUE - bytes, this.used) + bytes;
    }

    /** @return the learner's own limit per statement, or null when only the runner's applies */
    public @Nullable Duration statementTimeout() {
        return this.statementTimeout;
    }

    /** Tells the listener that a statement was canceled at the learner's own limit. */
    void canceledAtStatementTimeout() {
        this.canceledAtStatementTimeout.run();
    }
}
