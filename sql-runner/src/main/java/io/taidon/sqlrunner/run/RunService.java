package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.RateLimitedException;
import io.taidon.sqlrunner.chain.ChainHashes;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;
import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.ExecutionLimits;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.ResultBudget;
import io.taidon.sqlrunner.execution.ResultJson;
import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.execution.SandboxTarget;
import io.taidon.sqlrunner.execution.SessionState;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.execution.TransactionBlocks;
import io.taidon.sqlrunner.quota.RunLimits;
import io.taidon.sqlrunner.quota.RunQuotaService;
import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptStatement;

/**
 * Runs a script with prefix reuse (DESIGN.md, "Run semantics" and "Main flows"), in four steps:
 * <ol>
 * <li>{@link #resolve}: the sandbox (named, or the user's default one, created from the tail's chain snapshot when
 * there is one), ownership, the tail ({@code tailRef}, or a kept tail the script starts with), the size check;
 * split and chain hashes {@code h_1…h_n};</li>
 * <li>{@link #resume}: the resume plan ({@link ResumePlanner}: a kept session, the snapshot the sandbox was created
 * from, the deepest layer, a chain snapshot, or the base) and reaching that state;</li>
 * <li>{@link Pass#replayTail}: replay statements {@code k+1…n-1}, store a layer at the tail when the session there is
 * restorable;</li>
 * <li>{@link Pass#executeHead}: execute the head; when the session stands for a fresh session at the tail's cache
 * point, the head runs in a transaction that is rolled back ({@link TransactionBlocks}) and the session is kept
 * ({@link WarmSessions}), so the next run of the same tail skips the reset and the reconnect.</li>
 * </ol>
 * Statements served from the cache return the results recorded when they first ran, so the answer never depends on
 * whether the cache was used. What a run holds is capped ({@link ResultBudget}, {@link ResultMemory}).
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private static final int LOOKUP_CHUNK = 1000;

    private static final TypeReference<List<StatementResult>> RESULTS = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final EnvManagerClient envManager;

    private final ChainSnapshots chainSnapshots;

    private final CachePointRepository cachePoints;

    private final RunRepository runs;

    private final SandboxLocks locks;

    private final RunMetrics metrics;

    private final SqlRunnerProperties properties;

    private final ScheduledExecutorService deadlines;

    private final ExecutionLimits limits;

    private final WarmSessions warmSessions;

    private final RunQuotaService quotas;

    private final RunProgress progress;

    private final RunHistory history;

    /** Layers stored after the answer ({@link #storeLayerLater}). */
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    RunService(EnvManagerClient envManager, ChainSnapshots chainSnapshots, CachePointRepository cachePoints,
            RunRepository runs, SandboxLocks locks, RunMetrics metrics, SqlRunnerProperties properties,
            ScheduledExecutorService statementDeadlines, WarmSessions warmSessions, RunQuotaService quotas,
            RunProgress progress, RunHistory history) {
        this.history = history;
        this.progress = progress;
        this.warmSessions = warmSessions;
        this.quotas = quotas;
        this.envManager = envManager;
        this.chainSnapshots = chainSnapshots;
        this.cachePoints = cachePoints;
        this.runs = runs;
        this.locks = locks;
        this.metrics = metrics;
        this.properties = properties;
        this.deadlines = statementDeadlines;
        this.limits = new ExecutionLimits(properties.maxRows(), properties.maxBytes().toBytes(),
                properties.statementTimeout(), properties.cancelGrace());
    }

    /** Waits for the layers being stored after an answer. */
    @PreDestroy
    void close() {
        this.background.close();
    }

    /**
     * @param userId the learner
     * @param request the script and optional sandbox
     * @return every statement's result and the cache summary
     * @throws RateLimitedException when the learner's {@code runsPerMinute} are spent (429, before any sandbox work)
     * @throws InvalidRequestException for an empty, oversized or non-UTF-8-encodable script (400)
     * @throws NotFoundException when the sandbox is not the learner's (404)
     * @throws ConflictException when another run holds the sandbox ({@code run-in-progress}), or the tail named by
     *         {@code tailRef} is not kept for the sandbox ({@code tail-unknown}; send the whole script) (409)
     * @throws DownstreamUnavailableException when user-profile, env-manager or the sandbox does not answer (503)
     */
    public RunResponse run(String userId, RunRequest request) {
        return run(userId, request, null);
    }

    /**
     * @param memory the run's lease on the results all runs may hold at once, closed by the caller after the answer
     *        is written; null for a pool of its own
     * @see #run(String, RunRequest)
     */
    public RunResponse run(String userId, RunRequest request, ResultMemory.@Nullable Lease memory) {
        long started = System.nanoTime();
        String runId = runId(request.runId());
        RunLimits limits = this.quotas.admit(userId);
        ResultMemory.Lease lease = memory == null ? ResultMemory.unpooled() : memory;
        RunTarget target = resolve(userId, request);
        RunProgress.Tracked tracked = this.progress.start(userId, runId, target.script().statements().size());
        RunProgress.State outcome = RunProgress.State.FAILED;
        try {
            RunResponse response = locked(target, limits, started, lease, tracked);
            if (response == null) {
                // the cached default sandbox id did not serve the run (its session ended): ask env-manager which it is
                EnvManagerClient.DefaultSandbox fresh = this.envManager.defaultSandbox(userId, null);
                RunTarget current = new RunTarget(userId, fresh.sandboxId(), true, false,
                        Script.whole(target.script().sql(), root(fresh.baseRef())), null, true);
                response = Objects.requireNonNull(locked(current, limits, started, lease, tracked));
            }
            outcome = RunProgress.State.DONE;
            return response;
        }
        catch (ConflictException ex) {
            outcome = tracked.canceled() ? RunProgress.State.CANCELED : RunProgress.State.FAILED;
            throw ex;
        }
        finally {
            tracked.ended(outcome);
        }
    }

    /**
     * @param chosen the client's run id, or null
     * @return it (a UUID, not used before), or a new one
     * @throws InvalidRequestException {@code invalid-run-id} when it is not a UUID (400)
     * @throws ConflictException {@code run-id-in-use} when a recorded run has it (409)
     */
    private String runId(@Nullable String chosen) {
        if (chosen == null) {
            return UUID.randomUUID().toString();
        }
        UUID id;
        try {
            id = UUID.fromString(chosen);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidRequestException("invalid-run-id", "runId must be a UUID.");
        }
        if (this.runs.existsById(id)) {
            throw new ConflictException("run-id-in-use", "The run id " + chosen + " is in use; choose another.");
        }
        return id.toString();
    }

    private @Nullable RunResponse locked(RunTarget target, RunLimits limits, long started,
            ResultMemory.Lease memory, RunProgress.Tracked tracked) {
        ReentrantLock lock = this.locks.acquire(target.sandboxId(), this.properties.lockWait());
        try {
            return runLocked(target, limits, started, memory, tracked);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The sandbox a run goes to and its script: the sandbox named, else the user's default one (created now, from the
     * tail's chain snapshot when there is one); the script whole, or split after the tail a kept session holds.
     *
     * @param userId the sandbox's owner
     * @param sandboxId the sandbox
     * @param defaultSandbox whether the run named no sandbox
     * @param fromKeptSession whether {@code sandboxId} is the default sandbox as a kept session remembered it (the
     *        sandbox may be gone: then the run asks env-manager again)
     * @param script the script
     * @param restored the chain snapshot the sandbox was just created from (its learner database is at that point),
     *        or null
     * @param baseKnown whether the script's {@code h_0} comes from env-manager's answer about the sandbox's base
     *        (false: from a kept session, which a restore may have ended; then the base is asked again when the
     *        session cannot serve the run)
     */
    private record RunTarget(String userId, String sandboxId, boolean defaultSandbox, boolean fromKeptSession,
            Script script, ChainSnapshots.@Nullable Hit restored, boolean baseKnown) {
    }

    /**
     * First step of a run: the tail ({@code tailRef}, or the kept tail the script starts with), the size check,
     * ownership, the default sandbox.
     */
    private RunTarget resolve(String userId, RunRequest request) {
        boolean useDefault = request.sandboxId() == null;
        String sandboxId = useDefault ? this.warmSessions.defaultSandbox(userId) : request.sandboxId();
        // a tail can be kept for the default sandbox under its id (runs that named it): ask which sandbox that is
        boolean askedDefault = request.tailRef() != null && sandboxId == null;
        if (askedDefault) {
            sandboxId = this.envManager.defaultSandbox(userId);
        }
        WarmSessions.Warm warm = sandboxId == null ? null : this.warmSessions.peek(sandboxId);
        boolean heldByUser = warm != null && warm.userId().equals(userId);
        // the chain starts from h_0 of the sandbox's base: the kept session's, or env-manager's answer, which also
        // proves ownership (a kept session does too: sandboxes never change owner, and a deleted one ends its sessions)
        String base = null;
        if (sandboxId != null && !heldByUser && !askedDefault) {
            String named = sandboxId;
            base = this.envManager.baseOf(named, userId)
                .orElseThrow(() -> NotFoundException.forId("sandbox", named))
                .ref();
        }
        String root = heldByUser ? warm.root() : root(base != null ? base : ChainHashes.EMPTY_BASE);
        String sql = request.sql();
        // the kept tail this script starts with, if any: its text is neither measured, split nor hashed again
        ScriptPrefix known = null;
        if (request.tailRef() != null) {
            known = heldByUser ? warm.prefix() : null;
            boolean served = known != null && known.ref().equals(request.tailRef());
            this.metrics.tailRef(served);
            if (!served) {
                throw new ConflictException("tail-unknown", "The runner no longer keeps the tail this run names"
                        + " (tailRef); send the whole script.");
            }
            sql = known.complete(sql);
        }
        long max = this.properties.maxScriptSize().toBytes();
        if (known == null && heldByUser && warm.prefix() != null && (long) sql.length() <= max
                && warm.prefix().matches(sql)) {
            known = warm.prefix();
        }
        checkSize(sql, known);
        Script script = known != null ? Script.after(sql, known, root) : null;
        if (script == null) {
            script = Script.whole(sql, root);
        }
        if (sandboxId == null) {
            // the default sandbox may not exist yet: a new one can boot straight from the tail's chain snapshot
            ChainSnapshots.Hit hit = script.tail() > 0
                    ? this.chainSnapshots.deepest(script.hashes().subList(0, script.tail())).orElse(null) : null;
            EnvManagerClient.DefaultSandbox created = this.envManager.defaultSandbox(userId,
                    hit != null ? hit.snapshotId() : null);
            boolean restored = hit != null && hit.snapshotId().equals(created.restoredFrom());
            if (!ChainHashes.EMPTY_BASE.equals(created.baseRef())) {
                // an existing default sandbox with a base of its own: its chain starts elsewhere
                return new RunTarget(userId, created.sandboxId(), true, false,
                        Script.whole(sql, root(created.baseRef())), null, true);
            }
            return new RunTarget(userId, created.sandboxId(), true, false, script, restored ? hit : null, true);
        }
        return new RunTarget(userId, sandboxId, useDefault, useDefault && warm != null && !askedDefault, script, null,
                !heldByUser);
    }

    /**
     * @param known the kept tail the script starts with (its UTF-8 length is known), or null
     * @throws InvalidRequestException when the script's UTF-8 encoding is larger than {@code max-script-size}
     */
    private void checkSize(String sql, @Nullable ScriptPrefix known) {
        long max = this.properties.maxScriptSize().toBytes();
        int measured = known == null ? 0 : known.length();
        long bytes = known == null ? 0 : known.utf8Length();
        // a UTF-16 code unit is at most 3 UTF-8 bytes: count only when the bound does not already decide
        if ((long) sql.length() > max
                || (3L * (sql.length() - measured) + bytes > max && bytes + ScriptPrefix.encodeUtf8(sql, measured, chunk -> { }) > max)) {
            throw new InvalidRequestException("script-too-large",
                    "The script is larger than " + this.properties.maxScriptSize().toKilobytes() + " KB.");
        }
    }

    /**
     * @param base the sandbox's base reference ({@code empty} or {@code sha256:<64 hex>})
     * @return {@code h_0} of this runner's sandboxes on that base
     */
    private String root(String base) {
        return ChainHashes.root(this.properties.engineMajor(), this.properties.settingsFingerprint(), base);
    }

    /**
     * The run under the sandbox's lock, in the steps of DESIGN.md's main flows: {@link #resume} (plan and reach the
     * deepest cached state), {@link Pass#replayTail} (replay the rest, store the layer), {@link Pass#executeHead}
     * (execute the head, keep the session), then the record and the answer.
     *
     * @return the response, or null when the target came from a kept session that could not serve the run (the
     *         sandbox may be gone; nothing was done)
     */
    private @Nullable RunResponse runLocked(RunTarget target, RunLimits limits, long started,
            ResultMemory.Lease memory, RunProgress.Tracked tracked) {
        WarmSessions.Warm warm = this.warmSessions.take(target.sandboxId());
        Script script = target.script();
        WarmStart kept = null;
        if (warm != null && warm.userId().equals(target.userId())) {
            if (script.prefix() != null && script.prefix() != warm.prefix()) {
                // another run replaced the session since this script was split after its prefix
                script = script.whole();
            }
            kept = warmStart(target.sandboxId(), warm, script);
        }
        if (kept == null && warm != null) {
            warm.session().close();
        }
        if (kept == null && target.fromKeptSession()) {
            return null;
        }
        if (kept == null && !target.baseKnown()) {
            // the kept session is gone (a restore, reset or capture may have ended it): ask for the base again
            String base = this.envManager.baseOf(target.sandboxId(), target.userId())
                .orElseThrow(() -> NotFoundException.forId("sandbox", target.sandboxId()))
                .ref();
            script = Script.whole(script.sql(), root(base));
        }
        else if (kept == null) {
            script = script.whole();
        }
        this.metrics.warm(kept != null);
        Pass pass = new Pass(target, script, resume(target, script, kept), kept, limits, memory, tracked);
        try {
            pass.openSession();
            pass.replayTail();
            pass.executeHead();
        }
        finally {
            pass.release();
        }
        pass.storeDeferredLayer();
        return answer(pass, started);
    }

    /**
     * A kept session able to serve a run: clean at the tail's point.
     *
     * @param session the session
     * @param clean its state, as when it was kept
     * @param prefix the tail it remembers, or null
     * @param recorded results of the tail's statements, source {@code cache}
     */
    private record WarmStart(LearnerSession session, CleanState clean, @Nullable ScriptPrefix prefix,
            List<StatementResult> recorded) {
    }

    /**
     * @return the kept session when it is clean at the tail's cache point, else null (it is at another point, has
     *         changed, or no longer answers; the caller closes it)
     */
    private @Nullable WarmStart warmStart(String sandboxId, WarmSessions.Warm warm, Script script) {
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
            CachePointEntity point = this.cachePoints.findBySandboxIdAndChainHashIn(sandboxId, List.of(tailKey))
                .stream()
                .filter(p -> p.depth() == tail)
                .findFirst()
                .orElse(null);
            if (point == null) {
                return null;
            }
            recorded = cached(ResultJson.MAPPER.readValue(point.results(), RESULTS));
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
     * Plans the resume ({@link ResumePlanner}) and reaches that state: resets to a layer, restores a chain snapshot
     * or resets to the base. A layer that cannot be reset to, or a chain snapshot that cannot be restored, is left
     * out and the plan made again.
     */
    private Resume resume(RunTarget target, Script script, @Nullable WarmStart kept) {
        String sandboxId = target.sandboxId();
        int tail = script.tail();
        List<String> tailHashes = script.hashes().subList(0, tail);
        // each looked up at most once, and only when the plan needs it
        Memo<NavigableMap<Integer, CachePointEntity>> layers = new Memo<>(() -> usableLayers(sandboxId, tailHashes));
        Memo<Optional<ChainSnapshots.Hit>> snapshot = new Memo<>(() -> this.chainSnapshots.deepest(tailHashes));
        Supplier<NavigableSet<Integer>> layerDepths = () -> layers.get().navigableKeySet();
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
                    return new Resume(plan, cached(Objects.requireNonNull(restored).results()), restored.settings());
                }
                case LAYER -> {
                    CachePointEntity point = layers.get().remove(plan.depth());
                    if (this.envManager.resetToLayer(sandboxId, point.chainHash())) {
                        return new Resume(plan, cached(ResultJson.MAPPER.readValue(point.results(), RESULTS)),
                                ResultJson.MAPPER.readValue(point.settings(), SETTINGS));
                    }
                    this.cachePoints.deleteBySandboxIdAndChainHash(sandboxId, point.chainHash());
                }
                case CHAIN_SNAPSHOT -> {
                    ChainSnapshots.Hit hit = snapshot.get().orElseThrow();
                    if (this.chainSnapshots.restoreInto(sandboxId, hit)) {
                        return new Resume(plan, cached(hit.results()), hit.settings());
                    }
                    snapshot.set(Optional.empty());
                }
                case BASE -> {
                    return base(sandboxId);
                }
            }
        }
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

    /** Resets the sandbox to its base. */
    private Resume base(String sandboxId) {
        this.envManager.reset(sandboxId);
        return new Resume(new ResumePlan(ResumePlan.Source.BASE, 0), List.of(), Map.of());
    }

    /**
     * @param tailHashes {@code h_1 … h_tail}
     * @return depth to cache point, for the depths at which a cache point is recorded here and the sandbox still
     *         holds its layer
     */
    private NavigableMap<Integer, CachePointEntity> usableLayers(String sandboxId, List<String> tailHashes) {
        Map<String, CachePointEntity> points = new HashMap<>();
        // in chunks: a long script must not exceed PostgreSQL's 65,535 bind parameters
        for (int from = 0; from < tailHashes.size(); from += LOOKUP_CHUNK) {
            for (CachePointEntity point : this.cachePoints.findBySandboxIdAndChainHashIn(sandboxId,
                    tailHashes.subList(from, Math.min(tailHashes.size(), from + LOOKUP_CHUNK)))) {
                points.put(point.chainHash(), point);
            }
        }
        NavigableMap<Integer, CachePointEntity> usable = new TreeMap<>();
        if (points.isEmpty()) {
            return usable;
        }
        Set<String> layers = this.envManager.layers(sandboxId);
        for (int k = 1; k <= tailHashes.size(); k++) {
            CachePointEntity point = points.get(tailHashes.get(k - 1));
            if (point != null && point.depth() == k && layers.contains(point.chainHash())) {
                usable.put(k, point);
            }
        }
        return usable;
    }

    private static List<StatementResult> cached(List<StatementResult> recorded) {
        List<StatementResult> out = new ArrayList<>(recorded.size());
        for (StatementResult result : recorded) {
            out.add(result.withSource(StatementSource.CACHE));
        }
        return out;
    }

    /**
     * One run in progress under the sandbox's lock, from its resumed state to its head: the session, the results so
     * far and what was stored on the way.
     */
    private final class Pass {

        private final RunTarget target;

        private final Script script;

        private final Instant deadline = Instant.now().plus(RunService.this.properties.runTimeout());

        private final List<StatementResult> results;

        /** the learner's quotas for this run (statement time limit) */
        private final RunLimits limits;

        private final @Nullable SandboxConnection connection;

        private final ResultMemory.Lease memory;

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

        /** the run's progress, updated statement by statement; its learner may cancel it */
        private final RunProgress.Tracked tracked;

        Pass(RunTarget target, Script script, Resume resume, @Nullable WarmStart warm, RunLimits limits,
                ResultMemory.Lease memory, RunProgress.Tracked tracked) {
            this.tracked = tracked;
            this.target = target;
            this.memory = memory;
            this.script = script;
            this.resume = resume;
            this.limits = limits;
            this.results = new ArrayList<>(script.tail() + 1);
            this.results.addAll(resume.results());
            this.budget = budgetAfter(this.results);
            if (warm != null) {
                this.session = warm.session();
                this.clean = warm.clean();
                this.prefix = warm.prefix();
            }
            // asked before a layer is stored: storing one makes env-manager prepare a spare clone, holding the sandbox
            this.connection = warm != null ? null : RunService.this.envManager.connection(target.sandboxId());
            boolean headRollsBack = RunService.this.properties.warmSessions() > 0
                    && TransactionBlocks.sameInRolledBackBlock(script.head());
            // a state restored from a snapshot is kept as a layer, so that the next run of this tail resets in
            // milliseconds instead of restoring again; when the head is rolled back, the database is still at the
            // restored point after the answer, and the layer is stored then (storeLayerLater)
            this.restoredLayer = ResumePlanner.restoredLayer(resume.plan(), script.tail(), headRollsBack);
        }

        private ResultBudget budgetAfter(List<StatementResult> cachedResults) {
            ResultBudget fresh = this.limits.budget(RunService.this.properties.maxRunBytes().toBytes(), this.memory);
            for (StatementResult result : cachedResults) {
                fresh.charge(result.heldBytes());
            }
            return fresh;
        }

        /**
         * Stores the layer of a restored point that the run may change, then opens a session unless a kept one
         * serves, and re-applies the settings recorded at the resumed point; when
         * they no longer apply, rebuilds from the base rather than risk a wrong result.
         */
        void openSession() {
            if (this.restoredLayer == ResumePlanner.RestoredLayer.BEFORE_RUN) {
                storeLayerAtRestoredPoint(this.target.userId(), this.target.sandboxId(), this.script.hashes(),
                        this.resume);
                this.restoredLayer = ResumePlanner.RestoredLayer.NONE;
            }
            if (this.session != null) {
                return;
            }
            this.session = open(Objects.requireNonNull(this.connection));
            if (this.resume.settings().isEmpty()) {
                return;
            }
            try {
                this.session.applySettings(this.resume.settings());
            }
            catch (SQLException ex) {
                log.warn("cannot re-apply session settings in sandbox {}; replaying from empty",
                        this.target.sandboxId(), ex);
                this.session.close();
                this.resume = base(this.target.sandboxId());
                this.restoredLayer = ResumePlanner.RestoredLayer.NONE;
                this.results.clear();
                this.budget = budgetAfter(this.results);
                this.session = open(this.connection);
            }
        }

        /**
         * Replays statements {@code depth+1 … tail}; when the session there is restorable, stores the tail's layer
         * and cache point, offers the tail as a chain snapshot, and goes on in a new session with its settings.
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
            RunService.this.envManager.storeLayer(this.target.sandboxId(), tailHash);
            List<StatementResult> recorded = this.results.stream()
                .map(r -> r.withSource(StatementSource.EXECUTED))
                .toList();
            recordCachePoint(this.target.userId(), this.target.sandboxId(), tailHash, tail, recorded,
                    state.settings());
            RunService.this.chainSnapshots.offer(this.target.sandboxId(), tailHash, recorded, state.settings(),
                    replayCost);
            this.layerCreated = true;
            this.session = open(Objects.requireNonNull(this.connection));
            reapply(this.session, state.settings());
        }

        /**
         * Executes the head. When the session stands for a fresh session at the tail's cache point (nothing was
         * replayed, or the replayed tail was just stored), the head runs in a transaction that is rolled back and the
         * session is kept for the next run of the same tail.
         */
        void executeHead() {
            String sandboxId = this.target.sandboxId();
            ScriptStatement head = this.script.head();
            boolean atCachePoint = this.replayed == 0 || this.layerCreated;
            boolean wrapped = atCachePoint && RunService.this.properties.warmSessions() > 0
                    && TransactionBlocks.sameInRolledBackBlock(head) && beginHead();
            if (this.restoredLayer == ResumePlanner.RestoredLayer.AFTER_ANSWER && !wrapped) {
                // the head may change the database: the layer is stored now, from a closed session
                Objects.requireNonNull(this.session).close();
                storeLayerAtRestoredPoint(this.target.userId(), sandboxId, this.script.hashes(), this.resume);
                this.restoredLayer = ResumePlanner.RestoredLayer.NONE;
                this.session = open(Objects.requireNonNull(this.connection));
                reapply(this.session, this.resume.settings());
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
            RunService.this.metrics.head(headTime);
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
            this.kept = keep(this.target.userId(), sandboxId, this.script.root(), this.script.tailKey(), current,
                    Objects.requireNonNull(this.clean), this.prefix, this.target.defaultSandbox());
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
                storeLayerLater(this.target.userId(), this.target.sandboxId(), this.script.hashes(), this.resume,
                        Objects.requireNonNull(this.connection));
            }
            else {
                storeLayerAtRestoredPoint(this.target.userId(), this.target.sandboxId(), this.script.hashes(),
                        this.resume);
            }
        }
    }

    /** Records the run and builds its answer. */
    private RunResponse answer(Pass pass, long started) {
        CacheLevel level = pass.resume.plan().level();
        this.metrics.cache(level);
        this.metrics.replayed(pass.replayed);
        int errors = 0;
        for (StatementResult result : pass.results) {
            if (result.failed() && result.source() != StatementSource.CACHE && result.error() != null) {
                this.metrics.error(result.error().sqlState());
            }
            errors += result.failed() ? 1 : 0;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        this.metrics.run(level, duration);
        long durationMs = duration.toMillis();
        UUID runId = UUID.fromString(pass.tracked.runId());
        Script script = pass.script;
        String sandboxId = pass.target.sandboxId();
        this.runs.save(new RunEntity(runId, pass.target.userId(), sandboxId, json(script.hashes()), script.tail() + 1,
                pass.resume.depth(), pass.replayed, pass.layerCreated, errors, errors == 0 ? "ok" : "errors",
                durationMs, pass.headMs, Instant.now(), pass.headRolledBack ? script.head().text() : null,
                this.history.keep(pass.target.userId(), script.sql())));
        return new RunResponse(runId.toString(), sandboxId, pass.results,
                new RunResponse.Cache(pass.resume.depth(), pass.replayed, pass.layerCreated), durationMs,
                pass.kept && pass.prefix != null ? new RunResponse.Tail(pass.prefix.ref(), pass.prefix.length())
                        : null);
    }

    /**
     * Rolls back a head run in a transaction and keeps the session when it is as clean as before the head.
     *
     * @return whether the session was kept (else the caller closes it; the database is at the cache point anyway)
     */
    private boolean keep(String userId, String sandboxId, String root, String tailKey, LearnerSession session,
            CleanState before,
            @Nullable ScriptPrefix prefix, boolean defaultSandbox) {
        try {
            session.rollbackHead();
            CleanState after = session.cleanState();
            if (after.restorable() && after.equals(before)) {
                this.warmSessions.put(sandboxId, userId, root, tailKey, after, session, prefix, defaultSandbox);
                return true;
            }
            log.debug("session of sandbox {} changed in its head; not kept", sandboxId);
        }
        catch (SQLException ex) {
            log.debug("session of sandbox {} not kept: {}", sandboxId, ex.getMessage());
        }
        return false;
    }

    /** Stores the layer and the cache point of a sandbox just restored from a chain snapshot (no open session). */
    private void storeLayerAtRestoredPoint(String userId, String sandboxId, List<String> hashes, Resume resume) {
        String pointHash = hashes.get(resume.depth() - 1);
        this.envManager.storeLayer(sandboxId, pointHash);
        recordCachePoint(userId, sandboxId, pointHash, resume.depth(), resume.results(), resume.settings());
    }

    /**
     * After the answer, under the sandbox's lock: stores the layer at the restored point while the kept session
     * proves the database is still there (a warm session at that chain hash), then keeps a new session in its place.
     * When the session is gone or at another point (another run came first), nothing is stored: a later run restores
     * the chain snapshot again, which is slower but right.
     */
    private void storeLayerLater(String userId, String sandboxId, List<String> hashes, Resume resume,
            SandboxConnection connection) {
        String pointHash = hashes.get(resume.depth() - 1);
        this.background.execute(() -> {
            ReentrantLock lock;
            try {
                lock = this.locks.acquire(sandboxId, this.properties.lockWait());
            }
            catch (RuntimeException ex) {
                log.debug("layer at the restored point of sandbox {} not stored: {}", sandboxId, ex.getMessage());
                return;
            }
            try {
                WarmSessions.Warm warm = this.warmSessions.take(sandboxId);
                if (warm == null || !warm.chainHash().equals(pointHash)) {
                    if (warm != null) {
                        this.warmSessions.putBack(sandboxId, warm);
                    }
                    return;
                }
                warm.session().close();
                storeLayerAtRestoredPoint(userId, sandboxId, hashes, resume);
                LearnerSession session = open(connection);
                try {
                    reapply(session, resume.settings());
                    CleanState clean = session.cleanState();
                    if (clean.restorable()) {
                        this.warmSessions.put(sandboxId, warm.userId(), warm.root(), pointHash, clean, session,
                                warm.prefix(),
                                warm.defaultSandbox());
                        return;
                    }
                }
                catch (SQLException ex) {
                    log.debug("session of sandbox {} not kept after its layer: {}", sandboxId, ex.getMessage());
                }
                session.close();
            }
            catch (RuntimeException ex) {
                log.warn("layer at the restored point of sandbox {} not stored", sandboxId, ex);
            }
            finally {
                lock.unlock();
            }
        });
    }

    /** Re-applies the session settings recorded at a cache point to a new session. */
    private static void reapply(LearnerSession session, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        try {
            session.applySettings(settings);
        }
        catch (SQLException ex) {
            throw new DownstreamUnavailableException("sandbox", ex);
        }
    }

    private void recordCachePoint(String userId, String sandboxId, String chainHash, int depth,
            List<StatementResult> results, Map<String, String> settings) {
        this.cachePoints.deleteBySandboxIdAndChainHash(sandboxId, chainHash);
        this.cachePoints.save(new CachePointEntity(userId, sandboxId, chainHash, depth, json(results), json(settings),
                Instant.now()));
    }

    private LearnerSession open(SandboxConnection connection) {
        try {
            return LearnerSession.open(new SandboxTarget(connection.host(), connection.port(), connection.database(),
                    connection.username(), connection.password()), this.limits, this.deadlines);
        }
        catch (SQLException ex) {
            throw new DownstreamUnavailableException("sandbox", ex);
        }
    }

    private static String json(Object value) {
        return ResultJson.MAPPER.writeValueAsString(value);
    }

    /**
     * Where a run resumes and what serves statements {@code 1 … depth}.
     *
     * @param plan the state the run resumed from
     * @param results recorded results of statements {@code 1 … depth}, source {@code cache}
     * @param settings session settings to re-apply at that point
     */
    private record Resume(ResumePlan plan, List<StatementResult> results, Map<String, String> settings) {

        int depth() {
            return this.plan.depth();
        }
    }
}
