package io.taidon.sqlrunner.run;

import java.util.List;

import io.taidon.sqlrunner.execution.StatementResult;

/**
 * {@code POST /api/runs} answer.
 *
 * @param runId id of the recorded run
 * @param sandboxId the sandbox the script ran in
 * @param statements every statement's result, in script order
 * @param cache how much of the tail came from the cache
 * @param durationMs wall-clock time of the whole run in milliseconds
 */
public record RunResponse(String runId, String sandboxId, List<StatementResult> statements, Cache cache,
        long durationMs) {

    /**
     * @param hitDepth number of leading statements served from a cached state (0 on a miss)
     * @param replayed number of tail statements executed again to rebuild state
     * @param layerCreated whether a layer was stored at the tail
     */
    public record Cache(int hitDepth, int replayed, boolean layerCreated) {
    }
}
