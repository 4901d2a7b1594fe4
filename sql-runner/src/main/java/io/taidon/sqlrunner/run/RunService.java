package io.taidon.sqlrunner.run;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.sqlrunner.chain.ChainHashes;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;
import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.ExecutionLimits;
import io.taidon.sqlrunner.execution.LearnerSession;
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

    /**
     * @param userId the learner
     * @param request the script and optional sandbox
     * @return every statement's result and the cache summary
     * @throws InvalidRequestException for an empty, oversized or non-UTF-8-encodable script (400)
     * @throws NotFoundException when the sandbox is not the learner's (404)
     * @throws io.taidon.platform.problem.ConflictException when another run holds the sandbox (409)
     * @throws DownstreamUnavailableException when env-manager or the sandbox does not answer (503)
     */
    public RunResponse run(String userId, RunRequest request) {
        long started = System.nanoTime();
        String sql = request.sql();
        if ((long) sql.length() > this.properties.maxScriptSize().toBytes()
                || sql.getBytes(StandardCharsets.UTF_8).length > this.properties.maxScriptSize().toBytes()) {
            throw new InvalidRequestException("script-too-large",
                    "The script is larger than " + this.properties.maxScriptSize().toKilobytes() + " KB.");
        }
        List<ScriptStatement> statements = ScriptSplitter.split(sql);
        if (statements.isEmpty()) {
            throw new InvalidRequestException("invalid-sql", "The script holds no statement.");
        }
        String sandboxId = request.sandboxId();
        if (sandboxId == null) {
            sandboxId = this.envManager.defaultSandbox(userId);
        }
        else if (!this.envManager.ownedBy(sandboxId, userId)) {
            throw NotFoundException.forId("sandbox", sandboxId);
        }
        ReentrantLock lock = this.locks.acquire(sandboxId, this.properties.lockWait());
        try {
            return runLocked(userId, sandboxId, sql, statements, started);
        }
        finally {
            lock.unlock();
        }
    }

    private RunResponse runLocked(String userId, String sandboxId, String sql, List<ScriptStatement> statements,
            long started) {
        int n = statements.size();
        int tail = n - 1;
        String root = ChainHashes.root(this.properties.engineMajor(), this.properties.settingsFingerprint());
        List<String> hashes = ChainHashes.chain(root, statements.stream().map(ScriptStatement::text).toList());
        ScriptPositions positions = new ScriptPositions(sql);
        Instant deadline = Instant.now().plus(this.properties.runTimeout());

        String tailKey = tail == 0 ? root : hashes.get(tail - 1);
        Resume resume = null;
        LearnerSession session = null;
        CleanState clean = null;
        WarmSessions.Warm warm = this.warmSessions.take(sandboxId);
        if (warm != null) {
            resume = warmResume(sandboxId, warm, tailKey, tail);
            if (resume == null) {
                warm.session().close();
            }
            else {
                session = warm.session();
                clean = warm.state();
            }
        }
        this.metrics.warm(session != null);
        boolean warmHit = session != null;
        if (resume == null) {
            resume = resume(sandboxId, hashes, tail);
        }
        List<StatementResult> results = new ArrayList<>(n);
        for (StatementResult recorded : resume.results()) {
            results.add(recorded.withSource("cache"));
        }
        if ("snapshot".equals(resume.level())) {
            // the sandbox was just restored to the state at h_k: keep that state as a layer, so the next run of
            // this tail resets in milliseconds instead of restoring the snapshot again
            String pointHash = hashes.get(resume.depth() - 1);
            this.envManager.storeLayer(sandboxId, pointHash);
            recordCachePoint(userId, sandboxId, pointHash, resume.depth(), resume.results(), resume.settings());
        }
        SandboxConnection connection = warmHit ? null : this.envManager.connection(sandboxId);
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
                    session = open(Objects.requireNonNull(connection));
                }
            }
            long replayStarted = System.nanoTime();
            for (int i = resume.depth(); i < tail; i++) {
                results.add(session.execute(statements.get(i), positions, deadline).withSource("replayed"));
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
                    try {
                        session.applySettings(state.settings());
                    }
                    catch (SQLException ex) {
                        throw new DownstreamUnavailableException("sandbox", ex);
                    }
                }
            }
            // the session stands for a fresh session at the tail's cache point: the head can run in a transaction
            // that is rolled back, and the session be kept for the next run of the same tail
            boolean atCachePoint = warmHit || layerCreated
                    || (replayed == 0 && (tail == 0 || "layer".equals(resume.level())));
            ScriptStatement headStatement = statements.get(tail);
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
            long headStarted = System.nanoTime();
            results.add(session.execute(headStatement, positions, deadline).withSource("executed"));
            Duration head = Duration.ofNanos(System.nanoTime() - headStarted);
            headMs = head.toMillis();
            this.metrics.head(head);
            if (wrapped) {
                kept = keep(userId, sandboxId, tailKey, session, Objects.requireNonNull(clean));
            }
        }
        finally {
            if (!kept) {
                session.close();
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
        long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        UUID runId = UUID.randomUUID();
        this.runs.save(new RunEntity(runId, userId, sandboxId, json(hashes), n, resume.depth(), replayed, layerCreated,
                errors, errors == 0 ? "ok" : "errors", durationMs, headMs, Instant.now()));
        return new RunResponse(runId.toString(), sandboxId, results,
                new RunResponse.Cache(resume.depth(), replayed, layerCreated), durationMs);
    }

    /**
     * @return the resume point served by a kept session clean at the tail's cache point, or null when the session
     *         is at another point, has changed, or no longer answers
     */
    private @Nullable Resume warmResume(String sandboxId, WarmSessions.Warm warm, String tailKey, int tail) {
        if (!warm.chainHash().equals(tailKey)) {
            return null;
        }
        List<StatementResult> recorded = List.of();
        if (tail > 0) {
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
    private boolean keep(String userId, String sandboxId, String tailKey, LearnerSession session, CleanState before) {
        try {
            session.rollbackHead();
            CleanState after = session.cleanState();
            if (after.restorable() && after.equals(before)) {
                this.warmSessions.put(sandboxId, userId, tailKey, after, session);
                return true;
            }
            log.debug("session of sandbox {} changed in its head; not kept", sandboxId);
        }
        catch (SQLException ex) {
            log.debug("session of sandbox {} not kept: {}", sandboxId, ex.getMessage());
        }
        return false;
    }

    /** Finds and restores the deepest cached state of the tail; resets the sandbox to empty on a miss. */
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
            int snapshotDepth = this.chainSnapshots.deepest(hashes.subList(0, tail))
                .map(ChainSnapshots.Hit::depth)
                .orElse(0);
            for (int k = tail; k >= 1; k--) {
                CachePointEntity point = points.get(hashes.get(k - 1));
                if (point != null && point.depth() == k && layers.contains(point.chainHash()) && k >= snapshotDepth) {
                    if (this.envManager.resetToLayer(sandboxId, point.chainHash())) {
                        return new Resume(k, "layer", ResultJson.MAPPER.readValue(point.results(), RESULTS),
                                ResultJson.MAPPER.readValue(point.settings(), SETTINGS));
                    }
                    this.cachePoints.deleteBySandboxIdAndChainHash(sandboxId, point.chainHash());
                }
            }
            if (snapshotDepth > 0) {
                ChainSnapshots.Hit hit = this.chainSnapshots.deepest(hashes.subList(0, tail)).orElseThrow();
                if (this.chainSnapshots.restoreInto(sandboxId, hit)) {
                    return new Resume(hit.depth(), "snapshot", hit.results(), hit.settings());
                }
            }
        }
        this.envManager.reset(sandboxId);
        return new Resume(0, "miss", List.of(), Map.of());
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

    /** Where a run resumes: depth, cache level, recorded results of 1..depth, settings to re-apply. */
    private record Resume(int depth, String level, List<StatementResult> results, Map<String, String> settings) {
    }
}
