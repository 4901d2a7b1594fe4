package io.taidon.sqlrunner.run;

import java.util.List;

import io.taidon.sqlrunner.execution.StatementResult;

/**
 * Answer of a console call ({@code POST /api/sandboxes/{id}/console}).
 *
 * @param runId the run that applied it
 * @param sandboxId the sandbox
 * @param statements the call's statements only, in order; {@code index} and an error's {@code line} count within
 *        the call
 * @param cache how much of base + journal came from the cache ({@code hitDepth} counts journal statements too)
 * @param durationMs wall-clock time of the call
 * @param journalStatements statements in the journal after this call
 * @param transactionRolledBack whether the call left a transaction open, which was rolled back (no transaction spans
 *        console calls)
 */
public record ConsoleResponse(String runId, String sandboxId, List<StatementResult> statements, RunResponse.Cache cache,
        long durationMs, int journalStatements, boolean transactionRolledBack) {
}
