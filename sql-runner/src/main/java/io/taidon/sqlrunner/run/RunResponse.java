package io.taidon.sqlrunner.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.taidon.sqlrunner.execution.StatementResult;

/**
 * {@code POST /api/runs} answer.
 *
 * @param runId id of the recorded run
 * @param sandboxId the sandbox the script ran in
 * @param statements every statement's result, in script order
 * @param cache how much of the tail came from the cache
 * @param durationMs wall-clock time of the whole run in milliseconds
 * @param tail how the next run of this sandbox may name this run's tail instead of sending it again, or null when
 *        the runner keeps nothing for it (the next run sends the whole script)
 */
public record RunResponse(String runId, String sandboxId, List<StatementResult> statements, Cache cache,
        long durationMs, @Nullable Tail tail) {

    /**
     * A tail the runner keeps for the sandbox's next run: that run may send {@code tailRef: ref} and, as
     * {@code sql}, only what follows the script's first {@code length} characters. The runner may drop it at any
     * time (idle, restart, another run in the sandbox); the run then answers 409 {@code tail-unknown}.
     *
     * @param ref hex SHA-256 of the tail's UTF-8 text (64 lowercase hex digits)
     * @param length length of the tail's text in UTF-16 code units (a JavaScript string's {@code length}): the
     *        script up to and including the tail's last statement's terminator
     */
    public record Tail(String ref, int length) {
    }

    /**
     * @param hitDepth number of leading statements served from a cached state (0 on a miss)
     * @param replayed number of tail statements executed again to rebuild state
     * @param layerCreated whether a layer was stored at the tail
     */
    public record Cache(int hitDepth, int replayed, boolean layerCreated) {
    }
}
