package io.taidon.sqlrunner.execution;

import java.time.Duration;

/**
 * Limits the runner enforces itself, whatever the learner {@code SET}s.
 *
 * @param maxRows rows returned per statement before {@code truncated}
 * @param maxBytes bytes of text returned per statement before {@code truncated}
 * @param statementTimeout wall-clock deadline of one statement (then cancel, then close the connection)
 * @param cancelGrace how long a canceled statement may take to stop before the connection is closed
 */
public record ExecutionLimits(int maxRows, long maxBytes, Duration statementTimeout, Duration cancelGrace) {
}
