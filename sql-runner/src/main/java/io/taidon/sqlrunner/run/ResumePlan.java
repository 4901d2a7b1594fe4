package io.taidon.sqlrunner.run;

/**
 * Where a run resumes: the state that serves statements {@code 1 … depth} of its tail, chosen by
 * {@link ResumePlanner#plan}. The run replays statements {@code depth+1 … tail} from there, then executes the head.
 *
 * @param source what holds the state
 * @param depth how many of the tail's statements it serves ({@code 0 ≤ depth ≤ tail})
 */
record ResumePlan(Source source, int depth) {

    /** What holds a resumed state. */
    enum Source {

        /** A session kept open at the tail's point ({@link WarmSessions}); nothing to reset. */
        WARM_SESSION,

        /** The chain snapshot the sandbox was created from for this run; nothing to reset. */
        RESTORED_SNAPSHOT,

        /** A layer of the sandbox: reset the learner database to it. */
        LAYER,

        /** A chain snapshot: restore it into the sandbox. */
        CHAIN_SNAPSHOT,

        /** The sandbox's base (the empty database, or the snapshot it was restored or branched from): reset to it. */
        BASE
    }

    /** @return the cache level this plan counts as in metrics and run records */
    CacheLevel level() {
        return switch (this.source) {
            case WARM_SESSION -> this.depth == 0 ? CacheLevel.MISS : CacheLevel.LAYER;
            case LAYER -> CacheLevel.LAYER;
            case RESTORED_SNAPSHOT, CHAIN_SNAPSHOT -> CacheLevel.SNAPSHOT;
            case BASE -> CacheLevel.MISS;
        };
    }

    /** @return whether the state is a snapshot just restored into the sandbox (its layer is not stored yet) */
    boolean restoredFromSnapshot() {
        return this.source == Source.RESTORED_SNAPSHOT || this.source == Source.CHAIN_SNAPSHOT;
    }
}
