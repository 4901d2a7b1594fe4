package io.taidon.sqlrunner.run;

import java.util.NavigableSet;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The resume decision of a run (DESIGN.md, "Main flows" 1–3), as a pure function: no database, no service. Its inputs
 * that cost a round trip are suppliers, asked only when the decision needs them, so that a hot run asks for nothing.
 * <p>
 * In order of preference, for a tail of {@code tail} statements:
 * <ol>
 * <li>a kept session clean at the tail's point (the hot path);</li>
 * <li>the chain snapshot the sandbox was just created from;</li>
 * <li>no tail: the base;</li>
 * <li>the sandbox's deepest usable layer when it covers the whole tail (no chain snapshot can be deeper, so none is
 * looked up), else the deeper of that layer and the tail's deepest chain snapshot (a layer on a tie: resetting is
 * cheaper than restoring);</li>
 * <li>the base.</li>
 * </ol>
 * The base is one input of the decision: a restored or branched base changes only {@code h_0} and what
 * {@link ResumePlan.Source#BASE} resets to, not this order.
 */
final class ResumePlanner {

    private ResumePlanner() {
    }

    /**
     * @param tail number of statements before the head, at least 0
     * @param warmAtTail whether a session kept for the sandbox is clean at the tail's point
     * @param restoredDepth depth of the chain snapshot the sandbox was created from for this run, or null
     * @param layers depths {@code 1 … tail} at which the sandbox holds a layer with a cache point recorded here
     * @param chainSnapshotDepth depth of the tail's deepest chain snapshot, 0 when there is none or it cannot be
     *        used
     * @return where to resume
     */
    static ResumePlan plan(int tail, boolean warmAtTail, @Nullable Integer restoredDepth,
            Supplier<NavigableSet<Integer>> layers, IntSupplier chainSnapshotDepth) {
        if (warmAtTail) {
            return new ResumePlan(ResumePlan.Source.WARM_SESSION, tail);
        }
        if (restoredDepth != null) {
            return new ResumePlan(ResumePlan.Source.RESTORED_SNAPSHOT, restoredDepth);
        }
        if (tail == 0) {
            return new ResumePlan(ResumePlan.Source.BASE, 0);
        }
        NavigableSet<Integer> usable = layers.get().headSet(tail, true);
        Integer layer = usable.isEmpty() ? null : usable.last();
        if (layer != null && layer == tail) {
            return new ResumePlan(ResumePlan.Source.LAYER, tail);
        }
        int snapshot = Math.min(chainSnapshotDepth.getAsInt(), tail);
        if (layer != null && layer >= snapshot) {
            return new ResumePlan(ResumePlan.Source.LAYER, layer);
        }
        if (snapshot > 0) {
            return new ResumePlan(ResumePlan.Source.CHAIN_SNAPSHOT, snapshot);
        }
        return new ResumePlan(ResumePlan.Source.BASE, 0);
    }

    /** When the layer of a state restored from a snapshot is stored. */
    enum RestoredLayer {

        /** The state was not restored from a snapshot: its layer exists or none is needed. */
        NONE,

        /** Before the rest of the run, from a closed session (the run may change the database). */
        BEFORE_RUN,

        /**
         * After the answer: the restored point is the whole tail and the head runs in a transaction that is rolled
         * back, so the database is still at that point then (unless the head cannot be wrapped after all: then before
         * the head).
         */
        AFTER_ANSWER
    }

    /**
     * @param plan where the run resumes
     * @param tail number of statements before the head
     * @param headRollsBack whether the head can run in a transaction that is rolled back and the session be kept
     * @return when to store the layer of the restored point
     */
    static RestoredLayer restoredLayer(ResumePlan plan, int tail, boolean headRollsBack) {
        if (!plan.restoredFromSnapshot()) {
            return RestoredLayer.NONE;
        }
        return plan.depth() == tail && headRollsBack ? RestoredLayer.AFTER_ANSWER : RestoredLayer.BEFORE_RUN;
    }
}
