package io.taidon.sqlrunner.quota;

import java.time.Duration;

import io.taidon.sqlrunner.execution.ResultBudget;
import io.taidon.sqlrunner.execution.ResultMemory;

/**
 * What one admitted run may do by the learner's quotas.
 *
 * @param statementTimeout the learner's own limit per statement (user-profile's {@code statementTimeoutMs}); the
 *        runner's {@code taidon.sql-runner.statement-timeout} applies when it is smaller
 * @param canceledAtStatementTimeout counts a statement canceled at {@code statementTimeout}
 */
public record RunLimits(Duration statementTimeout, Runnable canceledAtStatementTimeout) {

    /**
     * @param maxRunBytes bytes of results the run may hold
     * @param memory the run's share of what all runs may hold at once
     * @return a fresh budget for the run with these limits
     */
    public ResultBudget budget(long maxRunBytes, ResultMemory.Lease memory) {
        return new ResultBudget(maxRunBytes, memory, this.statementTimeout, this.canceledAtStatementTimeout);
    }
}
