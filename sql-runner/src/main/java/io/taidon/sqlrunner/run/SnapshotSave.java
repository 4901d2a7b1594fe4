package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import tools.jackson.core.type.TypeReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.ResultBudget;
import io.taidon.sqlrunner.execution.ResultJson;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.quota.RunQuotaService;
import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;
import io.taidon.sqlrunner.sandbox.SandboxLocks;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/**
 * Save ({@code POST /api/sandboxes/{id}/snapshots}, DESIGN.md "Bases, console, save and restore"): a named snapshot
 * of what the learner last saw, that is the base plus the whole last script including its head's effects. The
 * runner executes a head in a transaction it rolls back (so that the next run of the same tail finds the database at
 * the tail's cache point), so before the capture the save applies that head in autocommit, at the tail's point with
 * the session settings recorded there, under the sandbox's run lock; the kept session is ended (the database is no
 * longer at its point). Volatile functions may give other values than the run showed. env-manager captures the
 * sandbox, with the base as {@code parentId}, and checks the {@code named-snapshots} quota.
 */
@Service
public class SnapshotSave {

    private static final Logger log = LoggerFactory.getLogger(SnapshotSave.class);

    private static final TypeReference<List<String>> HASHES = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final EnvManagerClient envManager;

    private final RunRepository runs;

    private final CachePointRepository cachePoints;

    private final SandboxLocks locks;

    private final WarmSessions warmSessions;

    private final SqlRunnerProperties properties;

    private final LearnerSessions sessions;

    private final RunQuotaService quotas;

    SnapshotSave(EnvManagerClient envManager, RunRepository runs, CachePointRepository cachePoints,
            SandboxLocks locks, WarmSessions warmSessions, SqlRunnerProperties properties,
            LearnerSessions sessions, RunQuotaService quotas) {
        this.quotas = quotas;
        this.envManager = envManager;
        this.runs = runs;
        this.cachePoints = cachePoints;
        this.locks = locks;
        this.warmSessions = warmSessions;
        this.properties = properties;
        this.sessions = sessions;
    }

    /**
     * @param userId the caller
     * @param sandboxId the caller's sandbox
     * @param name the snapshot's name, or null
     * @return the new snapshot's id
     * @throws NotFoundException when the sandbox is not the caller's (404)
     * @throws io.taidon.platform.problem.RateLimitedException when the caller's save rate limit is spent (429 with
     *         {@code Retry-After})
     * @throws io.taidon.platform.problem.ConflictException {@code run-in-progress} when a run holds the sandbox
     *         longer than the lock wait (409)
     * @throws io.taidon.platform.problem.DownstreamRejectedException env-manager's 4xx, e.g. the quota (429/403)
     * @throws DownstreamUnavailableException when env-manager or the sandbox does not answer (503)
     */
    public String save(String userId, String sandboxId, @Nullable String name) {
        if (this.envManager.baseOf(sandboxId, userId).isEmpty()) {
            throw NotFoundException.forId("sandbox", sandboxId);
        }
        this.quotas.admitSave(userId);
        ReentrantLock lock = this.locks.acquire(sandboxId, this.properties.lockWait());
        try {
            RunEntity last = this.runs.findFirstBySandboxIdOrderByCreatedAtDesc(sandboxId).orElse(null);
            String chainHash = null;
            if (last != null) {
                List<String> hashes = ResultJson.MAPPER.readValue(last.chainHashes(), HASHES);
                chainHash = hashes.isEmpty() ? null : hashes.getLast();
                applyPendingHead(sandboxId, last, hashes);
            }
            return this.envManager.captureNamed(sandboxId, userId, name, chainHash);
        }
        finally {
            lock.unlock();
        }
    }

    /** Applies the head the last run rolled back, at the tail's point, in autocommit (nothing when none). */
    private void applyPendingHead(String sandboxId, RunEntity last, List<String> hashes) {
        String head = last.pendingHead();
        if (head == null) {
            return;
        }
        int tail = last.statementCount() - 1;
        String tailHash = tail > 0 && tail <= hashes.size() ? hashes.get(tail - 1) : null;
        WarmSessions.Warm warm = this.warmSessions.take(sandboxId);
        LearnerSession session = null;
        try {
            if (warm != null && (tailHash != null ? tailHash.equals(warm.chainHash())
                    : warm.root().equals(warm.chainHash()))) {
                session = warm.session();
            }
            else {
                if (warm != null) {
                    warm.session().close();
                }
                session = this.sessions.openOrFail(this.envManager.connection(sandboxId));
                if (tailHash != null) {
                    for (CachePointEntity point : this.cachePoints.findBySandboxIdAndChainHashIn(sandboxId,
                            List.of(tailHash))) {
                        session.applySettings(ResultJson.MAPPER.readValue(point.settings(), SETTINGS));
                    }
                }
            }
            Instant deadline = Instant.now().plus(this.properties.runTimeout());
            for (ScriptStatement statement : ScriptSplitter.split(head)) {
                StatementResult result = session.execute(statement, new ScriptPositions(head), deadline,
                        new ResultBudget(this.properties.maxBytes().toBytes()));
                if (result.failed()) {
                    log.debug("re-applied head of sandbox {} failed: {}", sandboxId, result.error());
                }
            }
            last.headApplied();
            this.runs.save(last);
        }
        catch (SQLException ex) {
            throw new DownstreamUnavailableException("sandbox", ex);
        }
        finally {
            if (session != null) {
                session.close();
            }
        }
    }
}
