package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

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
import io.taidon.sqlrunner.chain.ChainHashes;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;
import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.ExecutionLimits;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.ResultBudget;
import io.taidon.sqlrunner.execution.ResultJson;
import io.taidon.sqlrunner.execution.SandboxTarget;
import io.taidon.sqlrunner.execution.SessionState;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.TransactionBlocks;
import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;

/**
 * Runs a script with prefix reuse (DESIGN.md, "Run semantics"): split, compute {@code h_1…h_n}, resume from the
 * deepest tail point {@code h_k} that is both a layer in the sandbox and a cache point recorded here (else a chain
 * snapshot, else an empty database), replay statements {@code k+1…n-1}, store a layer at the tail when the session
 * there is restorable, execute the head. When the session at the head stands for a fresh session at the tail's cache
 * point, the head runs in a transaction that is rolled back ({@link TransactionBlocks}) and the session is kept
 * ({@link WarmSessions}): the next run of the same tail skips the reset and the reconnect. Statements served from the
 * cache return the results recorded when they
 * first ran, so the answer never depends on whether the cache was used.
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

    /** Layers stored after the answer ({@link #storeLayerLater}). */
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    RunService(EnvManagerClient envManager, ChainSnapshots chainSnapshots, CachePointRepository cachePoints,
            RunRepository runs, SandboxLocks locks, RunMetrics metrics, SqlRunnerProperties properties,
            ScheduledExecutorService statementDeadlines, WarmSessions warmSessions) {
        this.warmSessions = warmSessions;
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
     * @throws InvalidRequestException for an empty, oversized or non-UTF-8-encodable script (400)
     * @throws NotFoundException when the sandbox is not the learner's (404)
     * @throws ConflictException when another run holds the sandbox ({@code run-in-progress}), or the tail named by
     *         {@code tailRef} is not kept for the sandbox ({@code tail-unknown}; send the whole script) (409)
     * @throws DownstreamUnavailableException when env-manager or the sandbox does not answer (503)
     */
    public RunResponse run(String userId, RunRequest request) {
        long started = System.nanoTime();
        boolean useDefault = request.sandboxId() == null;
        String sandboxId = useDefault ? this.warmSessions.defaultSandbox(userId) : request.sandboxId();
        // a tail can be kept for the default sandbox under its id (runs that named it): ask which sandbox that is
        boolean askedDefault = request.tailRef() != null && sandboxId == null;
        if (askedDefault) {
            sandboxId = this.envManager.defaultSandbox(userId);
        }
        WarmSessions.Warm warm = sandboxId == null ? null : this.warmSessions.peek(sandboxId);
        boolean heldByUser = warm != null && warm.userId().equals(userId);
        String sql = request.sql();
        // the kept tail this script starts with, if any: its text is neither measured, split nor hashed again
        ScriptPrefix known = null;
        if (request.tailRef() != null) {
            known = heldByUser ? warm.prefix() : null;
            boolean served = known != null && known.ref().equals(request.tailRef());
            this.metrics.tailRef(served);
            if (!served) {
                if (!askedDefault && sandboxId != null && !heldByUser && !this.envManager.ownedBy(sandboxId, userId)) {
                    throw NotFoundException.forId("sandbox", sandboxId);
                }
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
        int measured = known == null ? 0 : known.length();
        long bytes = known == null ? 0 : known.utf8Length();
        if ((long) sql.length() > max
                || (3L * (sql.length() - measured) + bytes > max && bytes + ScriptPrefix.encodeUtf8(sql, measured, chunk -> { }) > max)) {
            throw new InvalidRequestException("script-too-large",
                    "The script is larger than " + this.properties.maxScriptSize().toKilobytes() + " KB.");
        }
        Script script = known != null ? Script.after(sql, known, root()) : null;
        if (script == null) {
            script = Script.whole(sql, root());
        }
        ChainSnapshots.Hit restored = null;
        if (sandboxId == null) {
            // the default sandbox may not exist yet: a new one can boot straight from the tail's chain snapshot
            ChainSnapshots.Hit hit = script.tail() > 0
                    ? this.chainSnapshots.deepest(script.hashes().subList(0, script.tail())).orElse(null) : null;
            EnvManagerClient.DefaultSandbox resolved = this.envManager.defaultSandbox(userId,
                    hit != null ? hit.snapshotId() : null);
            sandboxId = resolved.sandboxId();
            if (hit != null && hit.snapshotId().equals(resolved.restoredFrom())) {
                restored = hit;
            }
        }
        else if (!askedDefault && !heldByUser && !this.envManager.ownedBy(sandboxId, userId)) {
            // a kept session proves ownership: sandboxes never change owner, and a deleted one ends its sessions
            throw NotFoundException.forId("sandbox", sandboxId);
        }
        RunResponse response;
        ReentrantLock lock = this.locks.acquire(sandboxId, this.properties.lockWait());
        try {
            response = runLocked(userId, sandboxId, useDefault, useDefault && warm != null && !askedDefault, script,
                    restored, started);
        }
        finally {
            lock.unlock();
        }
        if (response == null) {
            // the cached default sandbox id did not serve the run (its session ended): ask env-manager which it is
            String current = this.envManager.defaultSandbox(userId);
            lock = this.locks.acquire(current, this.properties.lockWait());
            try {
                response = Objects.requireNonNull(
                        runLocked(userId, current, true, false, script.whole(), null, started));
            }
            finally {
                lock.unlock();
            }
        }
        return response;
    }

    /** @return {@code h_0} of this runner's sandboxes */
    private String root() {
        return ChainHashes.root(this.properties.engineMajor(), this.properties.settingsFingerprint());
    }

    /**
     * @param cachedDefault whether {@code sandboxId} is the default sandbox as a kept session remembered it
     * @param restored the chain snapshot the sandbox was just created from (its learner database is at that point),
     *        or null
     * @return the response, or null when {@code cachedDefault} and the kept session could not serve the run (the
     *         sandbox may be gone; nothing was done)
     */
    private @Nullable RunResponse runLocked(String userId, String sandboxId, boolean useDefault,
            boolean cachedDefault, Script script, ChainSnapshots.@Nullable Hit restored, long started) {
        Script current = script;
        WarmSessions.Warm warm = this.warmSessions.take(sandboxId);
        Resume resume = null;
        LearnerSession session = null;
        CleanState clean = null;
        ScriptPrefix prefix = null;
        if (warm != null && warm.userId().equals(userId)) {
            if (current.prefix() != null && current.prefix() != warm.prefix()) {
                // another run replaced the session since this script was split after its prefix
                current = current.whole();
            }
            resume = warmResume(sandboxId, warm, current);
            if (resume != null) {
                session = warm.session();
                clean = warm.state();
                prefix = warm.prefix();
            }
        }
        if (resume == null && warm != null) {
            warm.session().close();
        }
        if (resume == null && cachedDefault) {
            // the default sandbox id came from a kept session that could not serve: the sandbox may be gone
            return null;
        }
        if (resume == null && current.prefix() != null) {
            current = current.whole();
        }
        this.metrics.warm(session != null);
        boolean warmHit = session != null;
        List<ScriptStatement> statements = current.statements();
        List<String> hashes = current.hashes();
        int tail = current.tail();
        int n = tail + 1;
        String sql = current.sql();
        ScriptPositions positions = current.positions();
        Instant deadline = Instant.now().plus(this.properties.runTimeout());
        String tailKey = tail == 0 ? current.root() : hashes.get(tail - 1);
        if (resume == null && restored != null) {
            resume = new Resume(restored.depth(), "snapshot", restored.results(), restored.settings());
        }
        if (resume == null) {
            resume = resume(sandboxId, hashes, tail);
        }
        List<StatementResult> results = new ArrayList<>(n);
        if (warmHit && prefix != null && resume.depth() == tail) {
            results.addAll(prefix.recorded());
        }
        else {
            for (StatementResult recorded : resume.results()) {
                results.add(recorded.withSource("cache"));
            }
        }
        ResultBudget budget = new ResultBudget(this.properties.maxRunBytes().toBytes());
        for (StatementResult cached : results) {
            budget.charge(cached.heldBytes());
        }
        // asked before a layer is stored: storing one makes env-manager prepare a spare clone, holding the sandbox
        SandboxConnection connection = warmHit ? null : this.envManager.connection(sandboxId);
        // the sandbox was just restored to the state at h_k: that state is kept as a layer, so that the next run of
        // this tail resets in milliseconds instead of restoring the snapshot again. When the restored point is the
        // whole tail and the head can run in a transaction that is rolled back, the database is still at h_k after
        // the run: the layer is stored after the answer (storeLayerLater), not before the head
        boolean deferLayer = "snapshot".equals(resume.level()) && resume.depth() == tail
                && this.properties.warmSessions() > 0 && TransactionBlocks.sameInRolledBackBlock(current.head());
        if ("snapshot".equals(resume.level()) && !deferLayer) {
            storeLayerAtRestoredPoint(userId, sandboxId, hashes, resume);
        }
        if (session == null) {
            session = open(Objects.requireNonNull(connection));
        }
        int replayed = 0;
        boolean layerCreated = false;
        boolean kept = false;
        long headMs = 0;
        try {
            if (!warmHit && !resume.settings().isEmpty()) {
                try {
                    session.applySettings(resume.settings());
                }
                catch (SQLException ex) {
                    // the recorded settings no longer apply: rebuild from empty rather than risk a wrong result
                    log.warn("cannot re-apply session settings in sandbox {}; replaying from empty", sandboxId, ex);
                    session.close();
                    this.envManager.reset(sandboxId);
                    resume = new Resume(0, "miss", List.of(), Map.of());
                    results.clear();
                    budget = new ResultBudget(this.properties.maxRunBytes().toBytes());
                    session = open(Objects.requireNonNull(connection));
                }
            }
            long replayStarted = System.nanoTime();
            for (int i = resume.depth(); i < tail; i++) {
                results.add(session.execute(statements.get(i), positions, deadline, budget).withSource("replayed"));
                replayed++;
            }
            Duration replayCost = Duration.ofNanos(System.nanoTime() - replayStarted);
            if (replayed > 0 && session.alive()) {
                SessionState state = session.state();
                if (state.cacheable()) {
                    session.close();
                    String tailHash = hashes.get(tail - 1);
                    this.envManager.storeLayer(sandboxId, tailHash);
                    List<StatementResult> recorded = results.stream().map(r -> r.withSource("executed")).toList();
                    recordCachePoint(userId, sandboxId, tailHash, tail, recorded, state.settings());
                    this.chainSnapshots.offer(sandboxId, tailHash, recorded, state.settings(), replayCost);
                    layerCreated = true;
                    session = open(Objects.requireNonNull(connection));
                    reapply(session, state.settings());
                }
            }
            // the session stands for a fresh session at the tail's cache point: the head can run in a transaction
            // that is rolled back, and the session be kept for the next run of the same tail
            // (settings that no longer apply replayed from empty instead: nothing restored to keep)
            deferLayer = deferLayer && "snapshot".equals(resume.level());
            boolean atCachePoint = warmHit || layerCreated || deferLayer
                    || (replayed == 0 && (tail == 0 || "layer".equals(resume.level())));
            ScriptStatement headStatement = current.head();
            boolean wrapped = false;
            if (atCachePoint && this.properties.warmSessions() > 0
                    && TransactionBlocks.sameInRolledBackBlock(headStatement)) {
                try {
                    if (clean == null) {
                        clean = session.cleanState();
                    }
                    if (clean.restorable()) {
                        session.beginHead();
                        wrapped = true;
                    }
                }
                catch (SQLException ex) {
                    log.debug("head of sandbox {} runs in autocommit: {}", sandboxId, ex.getMessage());
                }
            }
            if (deferLayer && !wrapped) {
                // the head may change the database: the layer is stored now, from a closed session
                session.close();
                storeLayerAtRestoredPoint(userId, sandboxId, hashes, resume);
                deferLayer = false;
                session = open(Objects.requireNonNull(connection));
                reapply(session, resume.settings());
            }
            long headStarted = System.nanoTime();
            results.add(session.execute(headStatement, positions, deadline, budget).withSource("executed"));
            Duration head = Duration.ofNanos(System.nanoTime() - headStarted);
            headMs = head.toMillis();
            this.metrics.head(head);
            if (wrapped) {
                if (prefix == null && tail > 0 && statements.get(tail - 1).boundary().resumable()) {
                    prefix = ScriptPrefix.of(sql, statements.get(tail - 1), hashes.subList(0, tail),
                            results.subList(0, tail));
                }
                kept = keep(userId, sandboxId, tailKey, session, Objects.requireNonNull(clean), prefix, useDefault);
            }
        }
        finally {
            if (!kept) {
                session.close();
            }
        }
        if (deferLayer) {
            // the head was rolled back: the database is at the restored point
            if (kept) {
                storeLayerLater(userId, sandboxId, hashes, resume, Objects.requireNonNull(connection));
            }
            else {
                storeLayerAtRestoredPoint(userId, sandboxId, hashes, resume);
            }
        }
        this.metrics.cache(resume.level());
        this.metrics.replayed(replayed);
        int errors = 0;
        for (StatementResult result : results) {
            if (result.failed() && !"cache".equals(result.source()) && result.error() != null) {
                this.metrics.error(result.error().sqlState());
            }
            errors += result.failed() ? 1 : 0;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        this.metrics.run(resume.level(), duration);
        long durationMs = duration.toMillis();
        UUID runId = UUID.randomUUID();
        this.runs.save(new RunEntity(runId, userId, sandboxId, json(hashes), n, resume.depth(), replayed, layerCreated,
                errors, errors == 0 ? "ok" : "errors", durationMs, headMs, Instant.now()));
        return new RunResponse(runId.toString(), sandboxId, results,
                new RunResponse.Cache(resume.depth(), replayed, layerCreated), durationMs,
                kept && prefix != null ? new RunResponse.Tail(prefix.ref(), prefix.length()) : null);
    }

    /**
     * @return the resume point served by a kept session clean at the tail's cache point, or null when the session
     *         is at another point, has changed, or no longer answers
     */
    private @Nullable Resume warmResume(String sandboxId, WarmSessions.Warm warm, Script script) {
        int tail = script.tail();
        String tailKey = tail == 0 ? script.root() : script.hashes().get(tail - 1);
        if (!warm.chainHash().equals(tailKey)) {
            return null;
        }
        List<StatementResult> recorded = List.of();
        boolean prefixHolds = warm.prefix() != null && warm.prefix().tailHash().equals(tailKey);
        if (tail > 0 && !prefixHolds) {
            CachePointEntity point = this.cachePoints.findBySandboxIdAndChainHashIn(sandboxId, List.of(tailKey))
                .stream()
                .filter(p -> p.depth() == tail)
                .findFirst()
                .orElse(null);
            if (point == null) {
                return null;
            }
            recorded = ResultJson.MAPPER.readValue(point.results(), RESULTS);
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
        return new Resume(tail, tail == 0 ? "miss" : "layer", recorded, warm.state().settings());
    }

    /**
     * Rolls back a head run in a transaction and keeps the session when it is as clean as before the head.
     *
     * @return whether the session was kept (else the caller closes it; the database is at the cache point anyway)
     */
    private boolean keep(String userId, String sandboxId, String tailKey, LearnerSession session, CleanState before,
            @Nullable ScriptPrefix prefix, boolean defaultSandbox) {
        try {
            session.rollbackHead();
            CleanState after = session.cleanState();
            if (after.restorable() && after.equals(before)) {
                this.warmSessions.put(sandboxId, userId, tailKey, after, session, prefix, defaultSandbox);
                return true;
            }
            log.debug("session of sandbox {} changed in its head; not kept", sandboxId);
        }
        catch (SQLException ex) {
            log.debug("session of sandbox {} not kept: {}", sandboxId, ex.getMessage());
        }
        return false;
    }

    /**
     * Finds and restores the deepest cached state of the tail; resets the sandbox to empty on a miss. A layer at the
     * tail itself is used without asking for chain snapshots (none can be deeper).
     */
    private Resume resume(String sandboxId, List<String> hashes, int tail) {
        if (tail > 0) {
            Map<String, CachePointEntity> points = new HashMap<>();
            // in chunks: a long script must not exceed PostgreSQL's 65,535 bind parameters
            for (int from = 0; from < tail; from += LOOKUP_CHUNK) {
                for (CachePointEntity point : this.cachePoints.findBySandboxIdAndChainHashIn(sandboxId,
                        hashes.subList(from, Math.min(tail, from + LOOKUP_CHUNK)))) {
                    points.put(point.chainHash(), point);
                }
            }
            Set<String> layers = points.isEmpty() ? Set.of() : this.envManager.layers(sandboxId);
            Integer snapshotDepth = null;
            for (int k = tail; k >= 1; k--) {
                CachePointEntity point = points.get(hashes.get(k - 1));
                if (point == null || point.depth() != k || !layers.contains(point.chainHash())) {
                    continue;
                }
                if (k < tail && snapshotDepth == null) {
                    snapshotDepth = this.chainSnapshots.deepest(hashes.subList(0, tail))
                        .map(ChainSnapshots.Hit::depth)
                        .orElse(0);
                }
                if (snapshotDepth != null && k < snapshotDepth) {
                    break;
                }
                if (this.envManager.resetToLayer(sandboxId, point.chainHash())) {
                    return new Resume(k, "layer", ResultJson.MAPPER.readValue(point.results(), RESULTS),
                            ResultJson.MAPPER.readValue(point.settings(), SETTINGS));
                }
                this.cachePoints.deleteBySandboxIdAndChainHash(sandboxId, point.chainHash());
            }
            Optional<ChainSnapshots.Hit> hit = this.chainSnapshots.deepest(hashes.subList(0, tail));
            if (hit.isPresent() && this.chainSnapshots.restoreInto(sandboxId, hit.get())) {
                return new Resume(hit.get().depth(), "snapshot", hit.get().results(), hit.get().settings());
            }
        }
        this.envManager.reset(sandboxId);
        return new Resume(0, "miss", List.of(), Map.of());
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
                        this.warmSessions.put(sandboxId, warm.userId(), pointHash, clean, session, warm.prefix(),
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
     * A script split for a run: either whole, or only after the tail a kept session recognised ({@code prefix}
     * non-null; then {@link #statements()} holds nulls for the tail's statements, which such a run never reads).
     *
     * @param sql the script
     * @param root {@code h_0}
     * @param statements statements {@code 1 … n}
     * @param hashes {@code h_1 … h_n}
     * @param prefix the kept session's tail, when the script was split after it
     */
    private record Script(String sql, String root, List<ScriptStatement> statements, List<String> hashes,
            @Nullable ScriptPrefix prefix) {

        /**
         * @throws InvalidRequestException for a script without statements or with text PostgreSQL cannot receive
         */
        static Script whole(String sql, String root) {
            List<ScriptStatement> statements = ScriptSplitter.split(sql);
            if (statements.isEmpty()) {
                throw new InvalidRequestException("invalid-sql", "The script holds no statement.");
            }
            return new Script(sql, root, statements,
                    ChainHashes.chain(root, statements.stream().map(ScriptStatement::text).toList()), null);
        }

        /**
         * @param prefix a kept tail the script starts with ({@link ScriptPrefix#matches})
         * @return the script split after the prefix when exactly one statement (a new head) follows it, else null
         */
        static @Nullable Script after(String sql, ScriptPrefix prefix, String root) {
            List<ScriptStatement> rest = ScriptSplitter.splitAfter(sql, prefix.last());
            if (rest.size() != 1) {
                return null;
            }
            ScriptStatement head = rest.getFirst();
            List<ScriptStatement> statements = new ArrayList<>(prefix.hashes().size() + 1);
            for (int i = 0; i < prefix.hashes().size(); i++) {
                statements.add(null);
            }
            statements.add(head);
            List<String> hashes = new ArrayList<>(prefix.hashes());
            hashes.add(ChainHashes.next(prefix.tailHash(), head.text()));
            return new Script(sql, root, statements, hashes, prefix);
        }

        /** @return this script split whole (the tail's statements are needed) */
        Script whole() {
            return this.prefix == null ? this : whole(this.sql, this.root);
        }

        int tail() {
            return this.statements.size() - 1;
        }

        ScriptStatement head() {
            return this.statements.getLast();
        }

        /** @return positions of the script's statements; after a prefix, only from the tail's end on */
        ScriptPositions positions() {
            if (this.prefix == null) {
                return new ScriptPositions(this.sql);
            }
            ScriptStatement.Boundary boundary = this.prefix.last().boundary();
            return new ScriptPositions(this.sql, boundary.offset(), boundary.line(), boundary.lineStart());
        }
    }

    /** Where a run resumes: depth, cache level, recorded results of 1..depth, settings to re-apply. */
    private record Resume(int depth, String level, List<StatementResult> results, Map<String, String> settings) {
    }
}
