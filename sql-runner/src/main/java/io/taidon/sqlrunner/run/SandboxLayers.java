package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;
import io.taidon.sqlrunner.config.SqlRunnerProperties;
import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.ResultJson;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.sandbox.SandboxLocks;

/**
 * A sandbox's layers, the first cache level (DESIGN.md "layer"): env-manager keeps the database state, this runner
 * keeps a cache point per layer ({@link CachePointEntity}: chain hash, depth, the results recorded when statements
 * {@code 1 … depth} first ran, the session settings there). A layer is usable when both exist.
 */
@Component
class SandboxLayers {

    private static final Logger log = LoggerFactory.getLogger(SandboxLayers.class);

    /** Chain hashes per lookup: a long script must not exceed PostgreSQL's 65,535 bind parameters. */
    private static final int LOOKUP_CHUNK = 1000;

    private static final TypeReference<List<StatementResult>> RESULTS = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final EnvManagerClient envManager;

    private final CachePointRepository cachePoints;

    private final SandboxLocks locks;

    private final WarmSessions warmSessions;

    private final LearnerSessions sessions;

    private final SqlRunnerProperties properties;

    /** Layers stored after the answer ({@link #storeAfterAnswer}). */
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    SandboxLayers(EnvManagerClient envManager, CachePointRepository cachePoints, SandboxLocks locks,
            WarmSessions warmSessions, LearnerSessions sessions, SqlRunnerProperties properties) {
        this.envManager = envManager;
        this.cachePoints = cachePoints;
        this.locks = locks;
        this.warmSessions = warmSessions;
        this.sessions = sessions;
        this.properties = properties;
    }

    /** Waits for the layers being stored after an answer. */
    @PreDestroy
    void close() {
        this.background.close();
    }

    /**
     * @param tailHashes {@code h_1 … h_tail}
     * @return depth to cache point, for the depths at which a cache point is recorded here and the sandbox still
     *         holds its layer
     */
    NavigableMap<Integer, CachePointEntity> usable(String sandboxId, List<String> tailHashes) {
        Map<String, CachePointEntity> points = new HashMap<>();
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

    /**
     * @param chainHash {@code h_depth}
     * @param depth the point's depth
     * @return the results recorded at that cache point of the sandbox, source {@code cache}; empty when none is
     *         recorded
     */
    Optional<List<StatementResult>> recordedAt(String sandboxId, String chainHash, int depth) {
        return this.cachePoints.findBySandboxIdAndChainHashIn(sandboxId, List.of(chainHash))
            .stream()
            .filter(p -> p.depth() == depth)
            .findFirst()
            .map(SandboxLayers::results);
    }

    /**
     * Resets the sandbox's learner database to a layer; forgets the cache point when env-manager no longer holds it.
     *
     * @return whether the database is now at that point
     */
    boolean resetTo(String sandboxId, CachePointEntity point) {
        if (this.envManager.resetToLayer(sandboxId, point.chainHash())) {
            return true;
        }
        this.cachePoints.deleteBySandboxIdAndChainHash(sandboxId, point.chainHash());
        return false;
    }

    /**
     * Stores the sandbox's current state as a layer (no learner session may be open on it) and its cache point.
     *
     * @param results results of statements {@code 1 … depth}, as recorded ({@code executed})
     * @param settings the session settings at that point
     */
    void store(String userId, String sandboxId, String chainHash, int depth, List<StatementResult> results,
            Map<String, String> settings) {
        this.envManager.storeLayer(sandboxId, chainHash);
        this.cachePoints.deleteBySandboxIdAndChainHash(sandboxId, chainHash);
        this.cachePoints.save(new CachePointEntity(userId, sandboxId, chainHash, depth, json(results),
                json(settings), Instant.now()));
    }

    /** Stores the layer and the cache point of a sandbox just restored from a chain snapshot (no open session). */
    void storeAtRestoredPoint(String userId, String sandboxId, List<String> hashes, Resume resume) {
        store(userId, sandboxId, hashes.get(resume.depth() - 1), resume.depth(), resume.results(), resume.settings());
    }

    /**
     * After the answer, under the sandbox's lock: stores the layer at the restored point while the kept session
     * proves the database is still there (a warm session at that chain hash), then keeps a new session in its place.
     * When the session is gone or at another point (another run came first), nothing is stored: a later run restores
     * the chain snapshot again, which is slower but right.
     */
    void storeAfterAnswer(String userId, String sandboxId, List<String> hashes, Resume resume,
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
                storeAtRestoredPoint(userId, sandboxId, hashes, resume);
                LearnerSession session = this.sessions.open(connection);
                try {
                    LearnerSessions.reapply(session, resume.settings());
                    CleanState clean = session.cleanState();
                    if (clean.restorable()) {
                        this.warmSessions.put(sandboxId, warm.userId(), warm.root(), pointHash, clean, session,
                                warm.prefix(), warm.defaultSandbox());
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

    /** @return the point's recorded results, source {@code cache} */
    static List<StatementResult> results(CachePointEntity point) {
        return cached(ResultJson.MAPPER.readValue(point.results(), RESULTS));
    }

    /** @return the point's session settings */
    static Map<String, String> settings(CachePointEntity point) {
        return ResultJson.MAPPER.readValue(point.settings(), SETTINGS);
    }

    /** @return the results as served from the cache (source {@code cache}) */
    static List<StatementResult> cached(List<StatementResult> recorded) {
        List<StatementResult> out = new ArrayList<>(recorded.size());
        for (StatementResult result : recorded) {
            out.add(result.withSource(StatementSource.CACHE));
        }
        return out;
    }

    private static String json(Object value) {
        return ResultJson.MAPPER.writeValueAsString(value);
    }
}
