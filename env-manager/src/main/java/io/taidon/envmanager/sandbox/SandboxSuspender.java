package io.taidon.envmanager.sandbox;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;

/**
 * Suspends idle sandboxes every {@code taidon.env-manager.suspend.sweep-interval} (when
 * {@code taidon.env-manager.suspend.enabled}): each running or stopped sandbox unused for
 * {@code taidon.env-manager.suspend.idle-after} is captured to an {@code auto} snapshot and its instance removed
 * ({@link #suspendIfIdle}); it resumes on next use ({@link SandboxAdmin}).
 */
@Component
class SandboxSuspender {

    private static final Logger log = LoggerFactory.getLogger(SandboxSuspender.class);

    private final SandboxRepository sandboxes;

    private final SandboxRuntime runtime;

    private final SandboxAdmin admin;

    private final ApplicationEventPublisher events;

    private final AuditRecorder audit;

    private final SandboxMetrics metrics;

    private final SuspendCapture capture;

    private final EnvManagerProperties.Suspend settings;

    SandboxSuspender(SandboxRepository sandboxes, SandboxRuntime runtime, SandboxAdmin admin, ApplicationEventPublisher events,
            AuditRecorder audit, SandboxMetrics metrics, SuspendCapture capture, EnvManagerProperties properties) {
        this.sandboxes = sandboxes;
        this.runtime = runtime;
        this.admin = admin;
        this.events = events;
        this.audit = audit;
        this.metrics = metrics;
        this.capture = capture;
        this.settings = properties.suspend();
    }

    @Scheduled(fixedDelayString = "${taidon.env-manager.suspend.sweep-interval:1m}",
            initialDelayString = "${taidon.env-manager.suspend.sweep-interval:1m}")
    void periodically() {
        if (this.settings.enabled()) {
            sweep();
        }
    }

    /**
     * Runs one sweep.
     *
     * @return how many sandboxes it suspended
     */
    synchronized int sweep() {
        Instant idleSince = Instant.now().minus(this.settings.idleAfter());
        int count = 0;
        for (String sandboxId : idleCandidates(idleSince)) {
            try {
                if (suspendIfIdle(sandboxId, idleSince, this.capture)) {
                    count++;
                }
            }
            catch (RuntimeException ex) {
                log.warn("cannot suspend sandbox {}", sandboxId, ex);
            }
        }
        return count;
    }

    /**
     * Suspends a sandbox if it is still idle: captures an {@code auto} snapshot, records the sandbox as
     * {@link SandboxStatus#SUSPENDED} with that snapshot's id, forgets its layers and removes its instance; the next
     * use resumes it ({@link SandboxAdmin}). Skipped (false) when the sandbox is in use right now (its lock is
     * held), was used after {@code idleSince} (its record or in memory), has a learner session that was active
     * after {@code idleSince}, or has no instance. Audit {@code sandbox.suspended}; metric
     * {@code taidon_sandbox_suspended_total}.
     *
     * @param sandboxId the sandbox
     * @param idleSince it must not have been used after this instant
     * @param capture captures the snapshot
     * @return whether it was suspended
     * @throws RuntimeException when the capture fails (the sandbox is left running)
     */
    boolean suspendIfIdle(String sandboxId, Instant idleSince, SuspendCapture capture) {
        ReentrantLock lock = this.admin.lock(sandboxId);
        if (!lock.tryLock()) {
            return false;
        }
        try {
            Optional<SandboxEntity> found = this.sandboxes.findById(sandboxId);
            if (found.isEmpty() || (found.get().getStatus() != SandboxStatus.RUNNING
                    && found.get().getStatus() != SandboxStatus.STOPPED)) {
                return false;
            }
            Instant inMemory = this.admin.lastUsed(sandboxId);
            if (found.get().getLastUsedAt().isAfter(idleSince) || (inMemory != null && inMemory.isAfter(idleSince))) {
                return false;
            }
            Optional<SandboxInstance> instance = this.runtime.inspect(sandboxId);
            if (instance.isEmpty()) {
                return false;
            }
            if (instance.get().running() && learnerActiveSince(sandboxId, idleSince)) {
                return false;
            }
            String snapshotId = capture.captureForSuspend(sandboxId);
            SandboxEntity sandbox = this.sandboxes.findById(sandboxId).orElseThrow();
            sandbox.setStatus(SandboxStatus.SUSPENDED);
            sandbox.setSuspendedSnapshotId(snapshotId);
            sandbox.setInstance(null, null, null);
            this.sandboxes.saveAndFlush(sandbox);
            this.events.publishEvent(new SandboxInstanceDiscarded(sandboxId));
            this.admin.forget(sandboxId);
            this.admin.idle(sandboxId);
            this.runtime.remove(sandboxId);
            this.metrics.suspended();
            this.audit.record(sandbox.getUserId(), "sandbox.suspended", "sandbox", sandboxId, AuditEvent.SUCCESS);
            log.info("sandbox {} suspended to snapshot {}", sandboxId, snapshotId);
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    private boolean learnerActiveSince(String sandboxId, Instant idleSince) {
        return this.admin.withAdmin(sandboxId, (connection, running) -> {
            try (var statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE usename = ? AND (state IS DISTINCT FROM 'idle' OR state_change > ?)")) {
                statement.setString(1, SandboxHardening.LEARNER);
                statement.setTimestamp(2, Timestamp.from(idleSince));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1) > 0;
                }
            }
        });
    }

    /**
     * @param idleSince cut-off
     * @return ids of running or stopped sandboxes whose record was last used before the cut-off
     */
    List<String> idleCandidates(Instant idleSince) {
        return this.sandboxes
            .findByStatusInAndLastUsedAtBefore(List.of(SandboxStatus.RUNNING, SandboxStatus.STOPPED), idleSince)
            .stream()
            .map(SandboxEntity::getId)
            .toList();
    }
}
