package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.taidon.sqlrunner.chain.ChainSnapshots;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.execution.StatementResult;

/**
 * Second step of a run (DESIGN.md, "Main flows" 2–3): plans where it resumes ({@link ResumePlanner}, a pure
 * function) and reaches that state — keeps a clean session, resets to a layer, restores a chain snapshot, or resets
 * to the base. A layer that cannot be reset to, or a chain snapshot that cannot be restored, is left out and the plan
 * made again.
 */
@Component
class Resumer {

    private final EnvManagerClient envManager;

    private final ChainSnapshots chainSnapshots;

    private final SandboxLayers layers;

    Resumer(EnvManagerClient envManager, ChainSnapshots chainSnapshots, SandboxLayers layers) {
        this.envManager = envManager;
        this.chainSnapshots = chainSnapshots;
        this.layers = layers;
    }

    /**
     * @param warm the session kept for the sandbox, taken from {@link WarmSessions}
     * @return the kept session when it is clean at the tail's cache point, else null (it is at another point, has
     *         changed, or no longer answers; the caller closes it)
     */
    @Nullable WarmStart warmStart(String sandboxId, WarmSessions.Warm warm, Script script) {
        int tail = script.tail();
        String tailKey = script.tailKey();
        if (!warm.chainHash().equals(tailKey)) {
            return null;
        }
        List<StatementResult> recorded = List.of();
        if (warm.prefix() != null && warm.prefix().tailHash().equals(tailKey)) {
            recorded = warm.prefix().recorded();
        }
        else if (tail > 0) {
            recorded = this.layers.recordedAt(sandboxId, tailKey, tail).orElse(null);
            if (recorded == null) {
                return null;
            }
        }
        try {
            if (!warm.session().cleanState().equals(warm.state())) {
                return null;
            }
        }
        catch (SQLException ex) {
            // a reset, deletion or snapshot capture in env-manager ended the backend
            return null;
        }
        return new WarmStart(warm.session(), warm.state(), warm.prefix(), recorded);
    }

    /**
     * @param target the run's target (its restored chain snapshot, if any)
     * @param script the script as the run splits it
     * @param kept a kept session clean at the tail's point, or null
     * @return where the run resumed; the sandbox's learner database is in that state
     */
    Resume resume(RunTarget target, Script script, @Nullable WarmStart kept) {
        String sandboxId = target.sandboxId();
        int tail = script.tail();
        List<String> tailHashes = script.hashes().subList(0, tail);
        // each looked up at most once, and only when the plan needs it
        Memo<NavigableMap<Integer, CachePointEntity>> usable = new Memo<>(
                () -> this.layers.usable(sandboxId, tailHashes));
        Memo<Optional<ChainSnapshots.Hit>> snapshot = new Memo<>(() -> this.chainSnapshots.deepest(tailHashes));
        Supplier<NavigableSet<Integer>> layerDepths = () -> usable.get().navigableKeySet();
        IntSupplier snapshotDepth = () -> snapshot.get().map(ChainSnapshots.Hit::depth).orElse(0);
        ChainSnapshots.Hit restored = target.restored();
        while (true) {
            ResumePlan plan = ResumePlanner.plan(tail, kept != null, restored == null ? null : restored.depth(),
                    layerDepths, snapshotDepth);
            switch (plan.source()) {
                case WARM_SESSION -> {
                    return new Resume(plan, Objects.requireNonNull(kept).recorded(), kept.clean().settings());
                }
                case RESTORED_SNAPSHOT -> {
                    return new Resume(plan, SandboxLayers.cached(Objects.requireNonNull(restored).results()),
                            restored.settings());
                }
                case LAYER -> {
                    CachePointEntity point = usable.get().remove(plan.depth());
                    if (this.layers.resetTo(sandboxId, point)) {
                        return new Resume(plan, SandboxLayers.results(point), SandboxLayers.settings(point));
                    }
                }
                case CHAIN_SNAPSHOT -> {
                    ChainSnapshots.Hit hit = snapshot.get().orElseThrow();
                    if (this.chainSnapshots.restoreInto(sandboxId, hit)) {
                        return new Resume(plan, SandboxLayers.cached(hit.results()), hit.settings());
                    }
                    snapshot.set(Optional.empty());
                }
                case BASE -> {
                    return base(sandboxId);
                }
            }
        }
    }

    /** Resets the sandbox's learner database to its base. */
    Resume base(String sandboxId) {
        this.envManager.reset(sandboxId);
        return Resume.atBase();
    }

    /** A value looked up on first use, then kept (and replaceable). */
    private static final class Memo<T> implements Supplier<T> {

        private final Supplier<T> source;

        private @Nullable T value;

        Memo(Supplier<T> source) {
            this.source = source;
        }

        @Override
        public T get() {
            if (this.value == null) {
                this.value = this.source.get();
            }
            return this.value;
        }

        void set(T replacement) {
            this.value = replacement;
        }
    }
}
