package io.taidon.envmanager.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.client.profile.UserProfileClient;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.NotFoundException;

/**
 * Superuser access to a sandbox, for env-manager's own code only: one lock per sandbox (every change of its
 * databases is serialised), the running instance and one cached superuser connection to its {@code postgres}
 * database (a SCRAM login costs milliseconds the hot path does not have). A stopped instance is started on first
 * use; a suspended one is resumed from its snapshot first.
 */
@Component
public class SandboxAdmin {

    private static final Logger log = LoggerFactory.getLogger(SandboxAdmin.class);

    private static final int STOP_THREADS = 8;

    private static final Duration STOP_DEADLINE = Duration.ofSeconds(45);

    private final SandboxRepository sandboxes;

    private final SandboxRuntime runtime;

    private final SandboxCredentials credentials;

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private final Map<String, Live> live = new ConcurrentHashMap<>();

    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

    private final SnapshotMaterialiser snapshots;

    private final SandboxHardening hardening;

    private final AuditRecorder audit;

    private final MeterRegistry meters;

    private final Counter resumed;

    private final UserProfileClient profile;

    private volatile boolean stopping;

    SandboxAdmin(SandboxRepository sandboxes, SandboxRuntime runtime, SandboxCredentials credentials,
            SnapshotMaterialiser snapshots, SandboxHardening hardening, AuditRecorder audit, MeterRegistry meters,
            UserProfileClient profile) {
        this.profile = profile;
        this.sandboxes = sandboxes;
        this.runtime = runtime;
        this.credentials = credentials;
        this.snapshots = snapshots;
        this.hardening = hardening;
        this.audit = audit;
        this.meters = meters;
        this.resumed = Counter.builder("taidon.sandbox.resumed")
            .description("Suspended sandboxes resumed from their snapshot on use")
            .register(meters);
    }

    /**
     * Work done with a superuser connection to a sandbox's {@code postgres} database.
     *
     * @param <T> result type
     */
    @FunctionalInterface
    public interface AdminWork<T> {

        /**
         * @param admin superuser connection (autocommit); do not close it
         * @param instance the running instance
         * @return the result
         * @throws SQLException on SQL failure
         */
        T apply(Connection admin, SandboxInstance instance) throws SQLException;
    }

    /**
     * Runs work under the sandbox's lock with a superuser connection, starting the sandbox if needed.
     *
     * @param <T> result type
     * @param sandboxId the sandbox
     * @param work the work
     * @return its result
     * @throws NotFoundException when there is no such sandbox
     * @throws SandboxUnavailableException when the sandbox cannot be started or reached
     */
    public <T> T withAdmin(String sandboxId, AdminWork<T> work) {
        ReentrantLock lock = lock(sandboxId);
        lock.lock();
        try {
            Live current = ensureRunning(sandboxId);
            this.lastUsed.put(sandboxId, Instant.now());
            try {
                return work.apply(current.admin(), current.instance());
            }
            catch (SQLException ex) {
                if (!current.admin().isValid(1)) {
                    forget(sandboxId);
                }
                throw new SandboxUnavailableException(sandboxId, ex);
            }
        }
        catch (SQLException | SandboxRuntimeException ex) {
            forget(sandboxId);
            throw new SandboxUnavailableException(sandboxId, ex);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Puts the cluster-wide state a learner can change back to the sandbox's defaults
     * ({@link SandboxHardening#restoreClusterDefaults}, with the sandbox's learner password); call inside
     * {@link #withAdmin}. One query when nothing changed.
     *
     * @param sandboxId the sandbox
     * @param admin its superuser connection
     * @return the repairs run (passwords left out), or null when the state was at its defaults
     */
    public @Nullable String restoreClusterDefaults(String sandboxId, Connection admin) {
        Live current = this.live.get(sandboxId);
        String learnerPassword = current != null ? current.learnerPassword()
                : this.credentials.decrypt(this.sandboxes.findById(sandboxId)
                    .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId))
                    .getLearnerSecret());
        String repairs = this.hardening.restoreClusterDefaults(admin, learnerPassword);
        if (repairs != null) {
            log.info("sandbox {}: cluster-wide state put back to its defaults: {}", sandboxId, repairs);
        }
        return repairs;
    }

    /**
     * Opens a new superuser connection to another database of a running sandbox (call inside
     * {@link #withAdmin}).
     *
     * @param instance the running instance
     * @param database database name
     * @return a connection the caller closes
     */
    Connection connect(SandboxInstance instance, String database) {
        Live current = this.live.get(instance.sandboxId());
        String password = current != null ? current.superuserPassword()
                : this.credentials.decrypt(this.sandboxes.findById(instance.sandboxId()).orElseThrow().getSuperuserSecret());
        return this.runtime.adminConnection(instance, password, database);
    }

    /**
     * @param sandboxId the sandbox
     * @return its lock (created on first use)
     */
    ReentrantLock lock(String sandboxId) {
        return this.locks.computeIfAbsent(sandboxId, id -> new ReentrantLock());
    }

    /**
     * Registers an instance that was just started.
     *
     * @throws SandboxRuntimeException when env-manager is stopping ({@link #stopAll()}): the instance is stopped
     *         again
     */
    void started(String sandboxId, SandboxInstance instance, String superuserPassword, String learnerPassword) {
        if (this.stopping) {
            this.runtime.stop(instance);
            throw new SandboxRuntimeException("env-manager is stopping; sandbox " + sandboxId + " stays stopped");
        }
        forget(sandboxId);
        Connection admin = this.runtime.adminConnection(instance, superuserPassword, "postgres");
        this.live.put(sandboxId, new Live(instance, superuserPassword, learnerPassword, admin));
    }

    /** Drops what is cached about a sandbox (after stop, remove or a broken connection). */
    void forget(String sandboxId) {
        Live removed = this.live.remove(sandboxId);
        if (removed != null) {
            try {
                removed.admin().close();
            }
            catch (SQLException ex) {
                log.debug("closing the admin connection of {} failed", sandboxId, ex);
            }
        }
    }

    /** Forgets when a sandbox was last used (it was suspended). */
    void idle(String sandboxId) {
        this.lastUsed.remove(sandboxId);
    }

    /** Drops the lock of a removed sandbox. */
    void removed(String sandboxId) {
        forget(sandboxId);
        this.lastUsed.remove(sandboxId);
        this.locks.remove(sandboxId);
    }

    private Live ensureRunning(String sandboxId) throws SQLException {
        Live current = this.live.get(sandboxId);
        if (current != null) {
            return current;
        }
        if (this.stopping) {
            throw new SandboxRuntimeException("env-manager is stopping; sandbox " + sandboxId + " stays stopped");
        }
        SandboxEntity sandbox = this.sandboxes.findById(sandboxId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId));
        String password = this.credentials.decrypt(sandbox.getSuperuserSecret());
        if (sandbox.getStatus() == SandboxStatus.SUSPENDED && sandbox.getSuspendedSnapshotId() != null) {
            resume(sandbox, password);
            return this.live.get(sandboxId);
        }
        Optional<SandboxInstance> instance = this.runtime.inspect(sandboxId);
        if (instance.isEmpty()) {
            throw new SandboxRuntimeException("the instance of sandbox " + sandboxId + " is gone");
        }
        SandboxInstance running = instance.get().running() ? instance.get()
                : this.runtime.start(instance.get(), password);
        started(sandboxId, running, password, this.credentials.decrypt(sandbox.getLearnerSecret()));
        recordInstance(sandbox, running);
        return this.live.get(sandboxId);
    }

    /**
     * Recreates a suspended sandbox's instance from its {@code auto} snapshot (same id, same passwords, no layers),
     * under its lock. Audit {@code sandbox.resumed}; metric {@code taidon_sandbox_resumed_total}.
     */
    private void resume(SandboxEntity sandbox, String superuserPassword) throws SQLException {
        String sandboxId = sandbox.getId();
        String snapshotId = java.util.Objects.requireNonNull(sandbox.getSuspendedSnapshotId());
        PhaseClock clock = new PhaseClock(this.meters, this.runtime.name());
        this.runtime.remove(sandboxId); // a leftover of a suspension interrupted by a crash
        SnapshotMaterialiser.Materialised restored;
        try {
            SandboxSpec.Resources resources = this.profile.sandboxResources(sandbox.getUserId());
            restored = this.snapshots.materialise(new SandboxSpec(sandboxId, sandbox.getUserId(), superuserPassword,
                    resources), snapshotId, clock);
        }
        catch (io.taidon.platform.problem.TaidonProblemException ex) {
            this.audit.record(sandbox.getUserId(), "sandbox.resumed", "sandbox", sandboxId, AuditEvent.FAILURE);
            throw new SandboxRuntimeException("cannot resume sandbox " + sandboxId + " from snapshot " + snapshotId,
                    ex);
        }
        SandboxInstance running;
        try {
            running = this.runtime.start(restored.instance(), restored.bootPassword());
            clock.lap("start");
            try (Connection postgres = this.runtime.adminConnection(running, restored.bootPassword(), "postgres")) {
                SandboxHardening.execute(postgres, "ALTER ROLE " + SandboxRuntime.SUPERUSER + " PASSWORD "
                        + SandboxHardening.literal(superuserPassword));
                this.hardening.afterRestore(postgres, this.credentials.decrypt(sandbox.getLearnerSecret()));
            }
            clock.lap("after-restore");
        }
        catch (RuntimeException | SQLException ex) {
            this.runtime.remove(sandboxId);
            this.audit.record(sandbox.getUserId(), "sandbox.resumed", "sandbox", sandboxId, AuditEvent.FAILURE);
            throw ex;
        }
        started(sandboxId, running, superuserPassword, this.credentials.decrypt(sandbox.getLearnerSecret()));
        recordInstance(sandbox, running);
        this.resumed.increment();
        this.audit.record(sandbox.getUserId(), "sandbox.resumed", "sandbox", sandboxId, AuditEvent.SUCCESS);
        log.info("sandbox {} resumed from snapshot {}: {}", sandboxId, snapshotId, clock);
    }

    /**
     * @param sandboxId the sandbox
     * @return when work last ran on it through this env-manager (in memory; not every use writes the record), or
     *         null when not since startup
     */
    @Nullable Instant lastUsed(String sandboxId) {
        return this.lastUsed.get(sandboxId);
    }

    void recordInstance(SandboxEntity sandbox, SandboxInstance instance) {
        sandbox.setInstance(instance.handle(), instance.host(), instance.port());
        sandbox.setStatus(instance.running() ? SandboxStatus.RUNNING : SandboxStatus.STOPPED);
        sandbox.setSuspendedSnapshotId(null);
        sandbox.setLastUsedAt(Instant.now());
        this.sandboxes.save(sandbox);
    }

    /** @return the running instance cached for a sandbox, if any */
    @Nullable SandboxInstance cachedInstance(String sandboxId) {
        Live current = this.live.get(sandboxId);
        return current != null ? current.instance() : null;
    }

    /**
     * Stops every running instance of this runtime at shutdown, so that no sandbox server outlives env-manager:
     * those this env-manager started and those it found running (started by an env-manager that was killed, or
     * whose admin connection it dropped). Their records and data stay: the next start adopts them and starts each
     * on next use. From here on no instance starts: a start that completes meanwhile stops its instance again
     * ({@link #started}). Instances stop in parallel, {@value #STOP_THREADS} at a time, for at most
     * {@link #STOP_DEADLINE} (docker's own stop timeout per container is 60 s); one line says how many stopped and
     * how long it took.
     */
    @PreDestroy
    void stopAll() {
        this.stopping = true;
        long start = System.nanoTime();
        Map<String, SandboxInstance> running = new LinkedHashMap<>();
        for (String sandboxId : List.copyOf(this.live.keySet())) {
            Live current = this.live.get(sandboxId);
            forget(sandboxId);
            if (current != null) {
                running.put(sandboxId, current.instance());
            }
        }
        int remembered = running.size();
        try {
            for (SandboxInstance instance : this.runtime.listManaged()) {
                if (instance.running()) {
                    running.putIfAbsent(instance.sandboxId(), instance);
                }
            }
        }
        catch (RuntimeException ex) {
            log.warn("cannot list the sandboxes of the {} runtime at shutdown", this.runtime.name(), ex);
        }
        if (running.isEmpty()) {
            return;
        }
        AtomicInteger failed = new AtomicInteger();
        ExecutorService stoppers = Executors.newFixedThreadPool(Math.min(STOP_THREADS, running.size()));
        try {
            for (SandboxInstance instance : running.values()) {
                stoppers.execute(() -> {
                    try {
                        this.runtime.stop(instance);
                    }
                    catch (RuntimeException ex) {
                        failed.incrementAndGet();
                        log.warn("cannot stop sandbox {} at shutdown", instance.sandboxId(), ex);
                    }
                });
            }
            stoppers.shutdown();
            if (!stoppers.awaitTermination(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("sandboxes still stopping after {} s at shutdown", STOP_DEADLINE.toSeconds());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            stoppers.shutdownNow();
        }
        log.info("stopped {} sandboxes at shutdown in {} ms ({} started by this env-manager, {} found running, {} "
                + "failed)", running.size() - failed.get(), (System.nanoTime() - start) / 1_000_000, remembered,
                running.size() - remembered, failed.get());
    }

    private record Live(SandboxInstance instance, String superuserPassword, String learnerPassword, Connection admin) {
    }
}
