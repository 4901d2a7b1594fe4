package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.platform.problem.ConflictException;
import io.taidon.sqlrunner.chain.ChainSnapshots;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;
import io.taidon.sqlrunner.config.SqlRunnerProperties;
import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.ResultBudget;
import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.execution.SessionState;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.execution.TransactionBlocks;
import io.taidon.sqlrunner.quota.RunLimits;
import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptStatement;

/**
 * One run in progress under the sandbox's lock, from its resumed state to its head: steps 3 and 4 of DESIGN.md's main
 * flows, then what is stored after the answer. In order: {@link #openSession}, {@link #replayTail},
 * {@link #executeHead}, {@link #release}, {@link #storeDeferredLayer}. It holds the session, the results so far and
 * what was stored on the way; {@link RunService} records and answers it.
 */
final class RunPass {

    private static final Logger log = LoggerFactory.getLogger(RunPass.class);

    /**
     * What a pass works with, the same for every run.
     *
     * @param properties the runner's settings
     * @param envManager env-manager (connections, layers)
     * @param chainSnapshots the chain cache, offered replayed tails
     * @param layers the sandbox's layers and cache points
     * @param sessions opens learner sessions
     * @param resumer resets to the base when recorded settings no longer apply
     * @param warmSessions where a session is kept for the next run
     * @param metrics the run's meters
     */
    record Collaborators(SqlRunnerProperties properties, EnvManagerClient envManager, ChainSnapshots chainSnapshots,
            SandboxLayers layers, LearnerSessions sessions, Resumer resumer, WarmSessions warmSessions,
            RunMetrics metrics) {
    }

    private final Collaborators with;

    private final RunTarget target;

    private final Script script;

    private final Instant deadline;

    private final List<StatementResult> results;

    /** the learner's quotas for this run (statement time limit) */
    private final RunLimits limits;

    private final @Nullable SandboxConnection connection;

    private final ResultMemory.Lease memory;

    /** the run's progress, updated statement by statement; its learner may cancel it */
    private final RunProgress.Tracked tracked;

    private Resume resume;

    private ResultBudget budget;

    private ResumePlanner.RestoredLayer restoredLayer;

    /** Whether the head ran in a transaction that was rolled back (a save applies it: {@link SnapshotSave}). */
    private boolean headRolledBack;

    private @Nullable LearnerSession session;

    /** the session's state at the tail's point, when known (kept sessions) */
    private @Nullable CleanState clean;

    private @Nullable ScriptPrefix prefix;

    private int replayed;

    private boolean layerCreated;

    private boolean kept;

    private long headMs;

    /**
     * @param target where the run goes
     * @param script the script as split for this run
     * @param resume the state the sandbox was brought to ({@link Resumer#resume})
     * @param warm the kept session that serves the run, or null for a new session
     * @param limits the learner's quotas
     * @param memory the run's lease on the results all runs may hold
     * @param tracked the run's progress
     */
    RunPass(Collaborators with, RunTarget target, Script script, Resume resume, @Nullable WarmStart warm,
            RunLimits limits, ResultMemory.Lease memory, RunProgress.Tracked tracked) {
        this.with = with;
        this.tracked = tracked;
        this.target = target;
        this.memory = memory;
        this.script = script;
        this.resume = resume;
        this.limits = limits;
        this.deadline = Instant.now().plus(with.properties().runTimeout());
        this.results = new ArrayList<>(script.tail() + 1);
        this.results.addAll(resume.results());
        this.budget = budgetAfter(this.results);
        if (warm != null) {
            this.session = warm.session();
            this.clean = warm.clean();
            this.prefix = warm.prefix();
        }
        // asked before a layer is stored: storing one makes env-manager prepare a spare clone, holding the sandbox
        this.connection = warm != null ? null : with.envManager().connection(target.sandboxId());
        boolean headRollsBack = with.properties().warmSessions() > 0
                && TransactionBlocks.sameInRolledBackBlock(script.head());
        // a state restored from a snapshot is kept as a layer, so that the next run of this tail resets in
        // milliseconds instead of restoring again; when the head is rolled back, the database is still at the
        // restored point after the answer, and the layer is stored then (storeDeferredLayer)
        this.restoredLayer = ResumePlanner.restoredLayer(resume.plan(), script.tail(), headRollsBack);
    }

    private ResultBudget budgetAfter(List<StatementResult> cachedResults) {
        ResultBudget fresh = this.limits.budget(this.with.properties().maxRunBytes().toBytes(), this.memory);
        for (StatementResult result : cachedResults) {
            fresh.charge(result.heldBytes());
        }
        return fresh;
    }

    /**
     * Stores the layer of a restored point that the run may change, then opens a session unless a kept one serves,
     * and re-applies the settings recorded at the resumed point; when they no longer apply, rebuilds from the base
     * rather than risk a wrong result.
     */
    void openSession() {
        if (this.restoredLayer == ResumePlanner.RestoredLayer.BEFORE_RUN) {
            this.with.layers().storeAtRestoredPoint(this.target.userId(), this.target.sandboxId(),
                    this.script.hashes(), this.resume);
            this.restoredLayer = ResumePlanner.RestoredLayer.NONE;
        }
        if (this.session != null) {
            return;
        }
        this.session = this.with.sessions().open(Objects.requireNonNull(this.connection));
        if (this.resume.settings().isEmpty()) {
            return;
        }
        try {
            this.session.applySettings(this.resume.settings());
        }
        catch (SQLException ex) {
            log.warn("cannot re-apply session settings in sandbox {}; replaying from empty", this.target.sandboxId(),
                    ex);
            this.session.close();
            this.resume = this.with.resumer().base(this.target.sandboxId());
            this.restoredLayer = ResumePlanner.RestoredLayer.NONE;
            this.results.clear();
            this.budget = budgetAfter(this.results);
            this.session = this.with.sessions().open(this.connection);
        }
    }

    /**
     * Replays statements {@code depth+1 … tail}; when the session there is restorable, stores the tail's layer and
     * cache point, offers the tail as a chain snapshot, and goes on in a new session with its settings.
     *
     * @throws ConflictException {@code run-canceled} when the learner canceled the run
     */
    void replayTail() {
        LearnerSession current = Objects.requireNonNull(this.session);
        List<ScriptStatement> statements = this.script.statements();
        ScriptPositions positions = this.script.positions();
        int tail = this.script.tail();
        long replayStarted = System.nanoTime();
        this.tracked.cancelWith(current::cancelCurrent);
        for (int i = this.resume.depth(); i < tail; i++) {
            this.tracked.at(RunProgress.State.REPLAYING, i + 1);
            this.results.add(current.execute(statements.get(i), positions, this.deadline, this.budget)
                .withSource(StatementSource.REPLAYED));
            this.replayed++;
            stopIfCanceled();
        }
        Duration replayCost = Duration.ofNanos(System.nanoTime() - replayStarted);
        if (this.replayed == 0 || !current.alive()) {
            return;
        }
        SessionState state = current.state();
        if (!state.cacheable()) {
            return;
        }
        current.close();
        String tailHash = this.script.hashes().get(tail - 1);
        List<StatementResult> recorded = this.results.stream()
            .map(r -> r.withSource(StatementSource.EXECUTED))
            .toList();
        this.with.layers().store(this.target.userId(), this.target.sandboxId(), tailHash, tail, recorded,
                state.settings());
        this.with.chainSnapshots().offer(this.target.sandboxId(), tailHash, recorded, state.settings(), replayCost);
        this.layerCreated = true;
        this.session = this.with.sessions().open(Objects.requireNonNull(this.connection));
        LearnerSessions.reapply(this.session, state.settings());
    }

    /**
     * Executes the head. When the session stands for a fresh session at the tail's cache point (nothing was
     * replayed, or the replayed tail was just stored), the head runs in a transaction that is rolled back and the
     * session is kept for the next run of the same tail.
     *
     * @throws ConflictException {@code run-canceled} when the learner canceled the run
     */
    void executeHead() {
        String sandboxId = this.target.sandboxId();
        ScriptStatement head = this.script.head();
        boolean atCachePoint = this.replayed == 0 || this.layerCreated;
        boolean wrapped = atCachePoint && this.with.properties().warmSessions() > 0
                && TransactionBlocks.sameInRolledBackBlock(head) && beginHead();
        if (this.restoredLayer == ResumePlanner.RestoredLayer.AFTER_ANSWER && !wrapped) {
            // the head may change the database: the layer is stored now, from a closed session
            Objects.requireNonNull(this.session).close();
            this.with.layers().storeAtRestoredPoint(this.target.userId(), sandboxId, this.script.hashes(),
                    this.resume);
            this.restoredLayer = ResumePlanner.RestoredLayer.NONE;
            this.session = this.with.sessions().open(Objects.requireNonNull(this.connection));
            LearnerSessions.reapply(this.session, this.resume.settings());
        }
        LearnerSession current = Objects.requireNonNull(this.session);
        long headStarted = System.nanoTime();
        this.tracked.cancelWith(current::cancelCurrent);
        this.tracked.at(RunProgress.State.EXECUTING, this.script.tail() + 1);
        stopIfCanceled();
        this.results.add(current.execute(head, this.script.positions(), this.deadline, this.budget)
            .withSource(StatementSource.EXECUTED));
        this.tracked.cancelWith(null);
        stopIfCanceled();
        Duration headTime = Duration.ofNanos(System.nanoTime() - headStarted);
        this.headMs = headTime.toMillis();
        this.with.metrics().head(headTime);
        if (!wrapped) {
            return;
        }
        this.headRolledBack = true;
        int tail = this.script.tail();
        List<ScriptStatement> statements = this.script.statements();
        if (this.prefix == null && tail > 0 && statements.get(tail - 1).boundary().resumable()) {
            this.prefix = ScriptPrefix.of(this.script.sql(), statements.get(tail - 1),
                    this.script.hashes().subList(0, tail), this.results.subList(0, tail));
        }
        this.kept = keep(current);
    }

    /**
     * @throws ConflictException {@code run-canceled} when the learner canceled the run ({@code DELETE
     *         /api/runs/{id}}); nothing of it is cached or kept
     */
    private void stopIfCanceled() {
        if (this.tracked.canceled()) {
            throw new ConflictException("run-canceled", "The run was canceled; nothing of it was kept.");
        }
    }

    /** @return whether the head's transaction was opened (the session must be clean and restorable) */
    private boolean beginHead() {
        LearnerSession current = Objects.requireNonNull(this.session);
        try {
            if (this.clean == null) {
                this.clean = current.cleanState();
            }
            if (this.clean.restorable()) {
                current.beginHead();
                return true;
            }
        }
        catch (SQLException ex) {
            log.debug("head of sandbox {} runs in autocommit: {}", this.target.sandboxId(), ex.getMessage());
        }
        return false;
    }

    /**
     * Rolls back the head run in a transaction and keeps the session when it is as clean as before the head.
     *
     * @return whether the session was kept (else {@link #release} closes it; the database is at the cache point
     *         anyway)
     */
    private boolean keep(LearnerSession current) {
        String sandboxId = this.target.sandboxId();
        try {
            current.rollbackHead();
            CleanState after = current.cleanState();
            if (after.restorable() && after.equals(this.clean)) {
                this.with.warmSessions().put(sandboxId, this.target.userId(), this.script.root(),
                        this.script.tailKey(), after, current, this.prefix, this.target.defaultSandbox());
                return true;
            }
            log.debug("session of sandbox {} changed in its head; not kept", sandboxId);
        }
        catch (SQLException ex) {
            log.debug("session of sandbox {} not kept: {}", sandboxId, ex.getMessage());
        }
        return false;
    }

    /** Closes the session unless it was kept. */
    void release() {
        if (!this.kept && this.session != null) {
            this.session.close();
        }
    }

    /** Stores the layer at the restored point when the head left the database there (rolled back). */
    void storeDeferredLayer() {
        if (this.restoredLayer != ResumePlanner.RestoredLayer.AFTER_ANSWER) {
            return;
        }
        if (this.kept) {
            this.with.layers().storeAfterAnswer(this.target.userId(), this.target.sandboxId(), this.script.hashes(),
                    this.resume, Objects.requireNonNull(this.connection));
        }
        else {
            this.with.layers().storeAtRestoredPoint(this.target.userId(), this.target.sandboxId(),
                    this.script.hashes(), this.resume);
        }
    }

    RunTarget target() {
        return this.target;
    }

    Script script() {
        return this.script;
    }

    Resume resume() {
        return this.resume;
    }

    /** @return every statement's result so far, in script order */
    List<StatementResult> results() {
        return this.results;
    }

    /** @return statements replayed (executed again) by this run */
    int replayed() {
        return this.replayed;
    }

    /** @return whether the run stored a layer at its tail */
    boolean layerCreated() {
        return this.layerCreated;
    }

    /** @return whether the session was kept for the next run of this tail */
    boolean kept() {
        return this.kept;
    }

    /** @return the tail the kept session remembers (the run's {@code tailRef}), or null */
    @Nullable ScriptPrefix prefix() {
        return this.prefix;
    }

    /** @return whether the head ran in a transaction that was rolled back */
    boolean headRolledBack() {
        return this.headRolledBack;
    }

    /** @return the head's execution time, milliseconds */
    long headMs() {
        return this.headMs;
    }

    RunProgress.Tracked tracked() {
        return this.tracked;
    }
}
