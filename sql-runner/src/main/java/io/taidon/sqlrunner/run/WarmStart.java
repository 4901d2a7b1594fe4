package io.taidon.sqlrunner.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.StatementResult;

/**
 * A kept session able to serve a run: clean at the tail's point ({@link Resumer#warmStart}).
 *
 * @param session the session
 * @param clean its state, as when it was kept
 * @param prefix the tail it remembers, or null
 * @param recorded results of the tail's statements, source {@code cache}
 */
record WarmStart(LearnerSession session, CleanState clean, @Nullable ScriptPrefix prefix,
        List<StatementResult> recorded) {
}
