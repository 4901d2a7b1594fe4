package io.taidon.envmanager.sandbox;

import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.envmanager.client.profile.UserProfileClient;
import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.QuotaExceededException;
import io.taidon.platform.problem.TaidonProblemException;

/**
 * Sandbox lifecycle: create (quota-checked with user-profile), list, read, restart, reset to empty, delete and
 * erase, owner-only (another user's sandbox is {@link NotFoundException}). Creating is synchronous: the answer
 * comes when the sandbox accepts the learner. Metrics in {@link SandboxMetrics}; the empty template that spares
 * later empty sandboxes an initdb in {@link EmptyTemplate}; suspension of idle sandboxes in
 * {@link SandboxSuspender}.
 */
@Service
public class SandboxService {

    /** Quota name at user-profile. */
    public static final String QUOTA = "sandboxes";

    private static final Logger log = LoggerFactory.getLogger(SandboxService.class);

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final char[] ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private final SandboxRepository sandboxes;

    private final SandboxRuntime runtime;

    private final SandboxHardening hardening;

    private final SandboxCredentials credentials;

    private final SandboxAdmin admin;

    private final UserProfileClient profile;

    private final AuditRecorder audit;

    private final SnapshotMaterialiser snapshots;

    private final ApplicationEventPublisher events;

    private final SandboxMetrics metrics;

    private final EmptyTemplate emptyTemplate;

    SandboxService(SandboxRepository sandboxes, SandboxRuntime runtime, SandboxHardening hardening,
            SandboxCredentials credentials, SandboxAdmin admin, UserProfileClient profile, AuditRecorder audit,
            SandboxMetrics metrics, EmptyTemplate emptyTemplate, SnapshotMaterialiser snapshots, ApplicationEventPublisher events) {
        this.sandboxes = sandboxes;
        this.runtime = runtime;
        this.hardening = hardening;
        this.credentials = credentials;
        this.admin = admin;
        this.profile = profile;
        this.audit = audit;
        this.metrics = metrics;
        this.emptyTemplate = emptyTemplate;
        this.snapshots = snapshots;
        this.events = events;
    }

    /**
     * Creates a sandbox for a user: empty, or a branch of a snapshot, which becomes its base.
     *
     * @param userId owner
     * @param fromSnapshotId snapshot to restore and make the base, or null for an empty sandbox
     * @param asDefault whether it becomes the user's default sandbox
     * @return the running sandbox
     * @throws QuotaExceededException when the user's {@code sandboxes} quota is used up
     * @throws NotFoundException when the snapshot does not exist or is another user's private snapshot
     * @throws io.taidon.platform.problem.ConflictException when the snapshot is of another engine major version
     * @throws SandboxUnavailableException when the runtime fails
     * @throws io.taidon.platform.problem.DownstreamUnavailableException when user-profile does not answer the quota
     *         check or the user's per-sandbox quotas ({@code sandboxCpus}, {@code sandboxMemoryBytes}), which limit
     *         the sandbox's instance
     */
    public SandboxView create(String userId, @Nullable String fromSnapshotId, boolean asDefault) {
        return create(userId, fromSnapshotId, asDefault, true);
    }

    /**
     * @param asBase whether the snapshot becomes the base (a branch), or is a chain snapshot the runner boots from
     *        (a cache hit: the base stays empty)
     * @see #create(String, String, boolean)
     */
    private SandboxView create(String userId, @Nullable String fromSnapshotId, boolean asDefault, boolean asBase) {
        long current = this.sandboxes.countByUserId(userId);
        UserProfileClient.QuotaCheck quota = this.profile.checkQuota(userId, QUOTA, current);
        if (!quota.allowed()) {
            this.audit.record(userId, "sandbox.create", "sandbox", null, AuditEvent.DENIED);
            throw new QuotaExceededException(QUOTA, quota.limit());
        }
        SandboxSpec.Resources resources = this.profile.sandboxResources(userId);
        Timer.Sample sample = Timer.start();
        PhaseClock clock = this.metrics.phaseClock();
        String id = newId();
        String superuserPassword = SandboxCredentials.newPassword();
        String learnerPassword = SandboxCredentials.newPassword();
        SandboxEntity entity = this.sandboxes.saveAndFlush(new SandboxEntity(id, userId, this.runtime.name(),
                this.runtime.engineVersion(), asDefault, Instant.now(), this.credentials.encrypt(superuserPassword),
                this.credentials.encrypt(learnerPassword)));
        clock.lap("record");
        ReentrantLock lock = this.admin.lock(id);
        lock.lock();
        try {
            SandboxSpec spec = new SandboxSpec(id, userId, superuserPassword, resources);
            Optional<SnapshotMaterialiser.Materialised> template = fromSnapshotId == null
                    ? this.snapshots.fromEmptyTemplate(spec, clock) : Optional.empty();
            if (template.isPresent()) {
                SandboxInstance running = startRestored(id, template.get(), superuserPassword, learnerPassword, false,
                        clock);
                this.admin.recordInstance(entity, running);
            }
            else if (fromSnapshotId == null) {
                this.emptyTemplate.buildLater();
                SandboxInstance created = this.runtime.create(spec);
                clock.lap("initdb");
                SandboxInstance running = this.runtime.start(created, superuserPassword);
                clock.lap("start");
                this.admin.started(id, running, superuserPassword, learnerPassword);
                try (Connection postgres = this.runtime.adminConnection(running, superuserPassword, "postgres")) {
                    this.hardening.initialise(postgres, database -> this.admin.connect(running, database),
                            learnerPassword);
                }
                clock.lap("harden");
                this.admin.recordInstance(entity, running);
            }
            else {
                SnapshotMaterialiser.Materialised restored = this.snapshots.materialise(spec, fromSnapshotId, clock);
                SandboxInstance running = startRestored(id, restored, superuserPassword, learnerPassword, asBase,
                        clock);
                if (asBase) {
                    entity.setBase(fromSnapshotId, Objects.requireNonNull(restored.baseRef()));
                }
                this.admin.recordInstance(entity, running);
            }
            clock.lap("record");
        }
        catch (TaidonProblemException ex) {
            this.admin.removed(id);
            this.runtime.remove(id);
            this.sandboxes.deleteById(id);
            this.audit.record(userId, "sandbox.create", "sandbox", id, AuditEvent.FAILURE);
            throw ex;
        }
        catch (SandboxRuntimeException | java.sql.SQLException ex) {
            log.warn("creating sandbox {} failed", id, ex);
            this.admin.removed(id);
            this.runtime.remove(id);
            this.sandboxes.deleteById(id);
            this.audit.record(userId, "sandbox.create", "sandbox", id, AuditEvent.FAILURE);
            throw new SandboxUnavailableException(id, ex);
        }
        finally {
            lock.unlock();
        }
        this.metrics.started(sample, fromSnapshotId != null);
        log.info("sandbox {} started from {}: {}", id, fromSnapshotId == null ? "empty" : fromSnapshotId, clock);
        this.audit.record(userId, "sandbox.create", "sandbox", id, AuditEvent.SUCCESS);
        if (fromSnapshotId != null) {
            this.snapshots.restored(userId, fromSnapshotId, id);
        }
        return SandboxView.of(this.sandboxes.findById(id).orElseThrow());
    }

    /**
     * The user's default sandbox, created (quota-checked) on first use.
     *
     * @param userId owner
     * @return the sandbox
     */
    public SandboxView defaultSandbox(String userId) {
        return defaultSandbox(userId, null).sandbox();
    }

    /**
     * The user's default sandbox, created (quota-checked) on first use: from {@code fromSnapshotId} when one is
     * given (no empty cluster first), else empty. An existing default sandbox is returned as it is. When the
     * snapshot cannot be restored (gone, another user's, another engine major, corrupt), the sandbox is created
     * empty and {@link DefaultSandbox#restoredFrom()} is null.
     *
     * @param userId owner
     * @param fromSnapshotId snapshot to create it from, or null
     * @return the sandbox and the snapshot it was just created from (null when it existed or was created empty)
     * @throws QuotaExceededException when it must be created and the user's quota is used up
     */
    public DefaultSandbox defaultSandbox(String userId, @Nullable String fromSnapshotId) {
        Optional<SandboxEntity> existing = this.sandboxes.findByUserIdAndDefaultSandboxTrue(userId);
        if (existing.isPresent()) {
            return new DefaultSandbox(SandboxView.of(existing.get()), null);
        }
        try {
            if (fromSnapshotId != null) {
                try {
                    return new DefaultSandbox(create(userId, fromSnapshotId, true, false), fromSnapshotId);
                }
                catch (QuotaExceededException ex) {
                    throw ex;
                }
                catch (TaidonProblemException ex) {
                    log.warn("default sandbox of {} cannot start from snapshot {} ({}); creating it empty", userId,
                            fromSnapshotId, ex.getMessage());
                }
            }
            return new DefaultSandbox(create(userId, null, true, false), null);
        }
        catch (DataIntegrityViolationException ex) {
            // a concurrent first use created it
            return new DefaultSandbox(SandboxView.of(this.sandboxes.findByUserIdAndDefaultSandboxTrue(userId)
                .orElseThrow(() -> ex)), null);
        }
    }

    /**
     * @param sandbox the user's default sandbox
     * @param restoredFrom the snapshot it was just created from, or null
     */
    public record DefaultSandbox(SandboxView sandbox, @Nullable String restoredFrom) {
    }

    /**
     * @param userId owner
     * @return the user's sandboxes, oldest first
     */
    @Transactional(readOnly = true)
    public List<SandboxView> list(String userId) {
        return this.sandboxes.findByUserIdOrderByCreatedAt(userId).stream().map(SandboxView::of).toList();
    }

    /**
     * @param userId the caller
     * @param sandboxId the sandbox
     * @return it, if the caller owns it
     * @throws NotFoundException when it does not exist or belongs to someone else
     */
    public SandboxView get(String userId, String sandboxId) {
        SandboxView view = SandboxView.of(owned(userId, sandboxId));
        this.audit.record(userId, "sandbox.access", "sandbox", sandboxId, AuditEvent.SUCCESS);
        return view;
    }

    /**
     * @param sandboxId the sandbox
     * @return bytes its data occupies, or -1 when unknown
     */
    public long sizeBytes(String sandboxId) {
        return this.runtime.inspect(sandboxId).map(this.runtime::sizeBytes).orElse(-1L);
    }

    /**
     * @param sandboxId the sandbox
     * @param userId the user it must belong to
     * @return it
     * @throws NotFoundException otherwise
     */
    public SandboxView getForUser(String sandboxId, String userId) {
        return SandboxView.of(owned(userId, sandboxId));
    }

    /**
     * Stops and starts the sandbox's server (a new port; data kept).
     *
     * @param userId the caller
     * @param sandboxId the sandbox
     * @return the restarted sandbox
     */
    public SandboxView restart(String userId, String sandboxId) {
        owned(userId, sandboxId);
        ReentrantLock lock = this.admin.lock(sandboxId);
        lock.lock();
        try {
            this.admin.forget(sandboxId);
            this.runtime.inspect(sandboxId).ifPresent(this.runtime::stop);
            this.admin.withAdmin(sandboxId, (connection, instance) -> instance);
        }
        catch (SandboxRuntimeException ex) {
            throw new SandboxUnavailableException(sandboxId, ex);
        }
        finally {
            lock.unlock();
        }
        this.audit.record(userId, "sandbox.restart", "sandbox", sandboxId, AuditEvent.SUCCESS);
        return SandboxView.of(owned(userId, sandboxId));
    }

    /**
     * Without a snapshot, a reset: makes the learner database its base again (empty, or the base snapshot's;
     * layers are kept) and puts the cluster-wide state a learner can change back to the sandbox's defaults
     * ({@link SandboxAdmin#restoreClusterDefaults}). With a snapshot, a restore: replaces the instance by one
     * restored from it (hardened the same way), which becomes the sandbox's base.
     *
     * @param userId the caller, or null for a service call that already checked ownership
     * @param sandboxId the sandbox
     * @param snapshotId snapshot to restore and make the base, or null to go back to the current base
     * @throws NotFoundException when the sandbox or the snapshot is not the caller's
     * @throws io.taidon.platform.problem.ConflictException when the snapshot is of another engine major version
     */
    public void reset(@Nullable String userId, String sandboxId, @Nullable String snapshotId) {
        SandboxEntity sandbox = userId != null ? owned(userId, sandboxId)
                : this.sandboxes.findById(sandboxId).orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId));
        if (snapshotId != null) {
            resetToSnapshot(sandbox, userId != null ? userId : sandbox.getUserId(), snapshotId, true);
            return;
        }
        String template = sandbox.getBaseSnapshotId() != null ? SandboxHardening.BASE_TEMPLATE
                : SandboxHardening.EMPTY_TEMPLATE;
        this.admin.withAdmin(sandboxId, (connection, instance) -> {
            this.hardening.recreateLearnerDatabase(connection, template);
            this.admin.restoreClusterDefaults(sandboxId, connection);
            return null;
        });
        if (userId != null) {
            // the learner's own reset also drops the console journal (sql-runner's resets of a run do not)
            this.sandboxes.findById(sandboxId).ifPresent(entity -> {
                entity.backToBase();
                this.sandboxes.save(entity);
            });
        }
        this.audit.record(userId != null ? userId : sandbox.getUserId(), "sandbox.reset", "sandbox", sandboxId,
                AuditEvent.SUCCESS);
    }

    /**
     * Puts the cluster-wide state a learner can change back to the sandbox's defaults (call inside
     * {@link #whileStopped}'s {@code beforeStop}, or under the sandbox's lock): see
     * {@link SandboxAdmin#restoreClusterDefaults}.
     *
     * @param sandboxId the sandbox
     * @param admin its superuser connection
     * @return the repairs run, or null when the state was at its defaults
     */
    public @Nullable String restoreClusterDefaults(String sandboxId, Connection admin) {
        return this.admin.restoreClusterDefaults(sandboxId, admin);
    }

    /**
     * Learner connection details, starting the sandbox if needed.
     *
     * @param sandboxId the sandbox
     * @return how to connect as the learner
     */
    public LearnerConnection learnerConnection(String sandboxId) {
        SandboxEntity sandbox = this.sandboxes.findById(sandboxId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId));
        SandboxInstance instance = this.admin.withAdmin(sandboxId, (connection, running) -> running);
        this.sandboxes.touch(sandboxId, Instant.now());
        this.audit.record(sandbox.getUserId(), "sandbox.access", "sandbox", sandboxId, AuditEvent.SUCCESS);
        return new LearnerConnection(instance.host() != null ? instance.host() : "127.0.0.1", instance.port(),
                SandboxHardening.LEARNER, SandboxHardening.LEARNER, this.credentials.decrypt(sandbox.getLearnerSecret()));
    }

    /**
     * Deletes a sandbox and its data.
     *
     * @param userId the caller
     * @param sandboxId the sandbox
     */
    public void delete(String userId, String sandboxId) {
        owned(userId, sandboxId);
        remove(sandboxId, userId, "sandbox.delete");
    }

    /**
     * Removes every sandbox of a user (erasure). Idempotent.
     *
     * @param userId the user
     */
    public void eraseUser(String userId) {
        for (SandboxEntity sandbox : this.sandboxes.findByUserIdOrderByCreatedAt(userId)) {
            remove(sandbox.getId(), userId, "sandbox.delete");
        }
    }

    /**
     * @param userId the user
     * @return how many sandboxes they have
     */
    @Transactional(readOnly = true)
    public long count(String userId) {
        return this.sandboxes.countByUserId(userId);
    }

    void remove(String sandboxId, String actor, String action) {
        ReentrantLock lock = this.admin.lock(sandboxId);
        lock.lock();
        try {
            this.admin.forget(sandboxId);
            this.runtime.remove(sandboxId);
            this.sandboxes.deleteById(sandboxId);
        }
        catch (SandboxRuntimeException ex) {
            throw new SandboxUnavailableException(sandboxId, ex);
        }
        finally {
            lock.unlock();
            this.admin.removed(sandboxId);
        }
        this.audit.record(actor, action, "sandbox", sandboxId, AuditEvent.SUCCESS);
    }

    /**
     * Replaces a sandbox's instance by one restored from a chain snapshot of its own base (sql-runner resumes a
     * run there): the base is kept, and comes with the snapshot's files ({@value SandboxHardening#BASE_TEMPLATE}).
     *
     * @param sandboxId the sandbox
     * @param snapshotId the chain snapshot
     */
    public void restoreChainPoint(String sandboxId, String snapshotId) {
        SandboxEntity sandbox = this.sandboxes.findById(sandboxId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId));
        resetToSnapshot(sandbox, sandbox.getUserId(), snapshotId, false);
    }

    /**
     * Replaces a sandbox's instance by one restored from a snapshot (same sandbox id, fresh passwords, no layers),
     * which becomes its base when {@code asBase}. The old instance is removed only once the snapshot's files are in
     * place.
     */
    private void resetToSnapshot(SandboxEntity sandbox, String userId, String snapshotId, boolean asBase) {
        String sandboxId = sandbox.getId();
        this.snapshots.check(userId, snapshotId);
        SandboxSpec.Resources resources = this.profile.sandboxResources(sandbox.getUserId());
        String superuserPassword = SandboxCredentials.newPassword();
        String learnerPassword = SandboxCredentials.newPassword();
        PhaseClock clock = this.metrics.phaseClock();
        ReentrantLock lock = this.admin.lock(sandboxId);
        lock.lock();
        try {
            this.admin.forget(sandboxId);
            this.runtime.remove(sandboxId);
            this.events.publishEvent(new SandboxInstanceDiscarded(sandboxId));
            clock.lap("remove-old");
            SnapshotMaterialiser.Materialised restored = this.snapshots.materialise(new SandboxSpec(sandboxId,
                    sandbox.getUserId(), superuserPassword, resources), snapshotId, clock);
            sandbox.setSuperuserSecret(this.credentials.encrypt(superuserPassword));
            sandbox.setLearnerSecret(this.credentials.encrypt(learnerPassword));
            if (asBase) {
                sandbox.setBase(snapshotId, Objects.requireNonNull(restored.baseRef()));
            }
            this.sandboxes.saveAndFlush(sandbox);
            SandboxInstance running = startRestored(sandboxId, restored, superuserPassword, learnerPassword, asBase,
                    clock);
            this.admin.recordInstance(sandbox, running);
            clock.lap("record");
        }
        catch (SandboxRuntimeException | java.sql.SQLException ex) {
            this.admin.forget(sandboxId);
            this.audit.record(userId, "sandbox.reset", "sandbox", sandboxId, AuditEvent.FAILURE);
            throw new SandboxUnavailableException(sandboxId, ex);
        }
        finally {
            lock.unlock();
        }
        log.info("sandbox {} reset to snapshot {}: {}", sandboxId, snapshotId, clock);
        this.audit.record(userId, "sandbox.reset", "sandbox", sandboxId, AuditEvent.SUCCESS);
        this.snapshots.restored(userId, snapshotId, sandboxId);
    }

    /**
     * Starts a restored instance with its boot password, replaces that by the sandbox's superuser password, hardens
     * it ({@link SandboxHardening#afterRestore}; with {@code asBase}, its learner database becomes the base template,
     * {@link SandboxHardening#makeBase}) and checks that the learner gets in.
     */
    private SandboxInstance startRestored(String sandboxId, SnapshotMaterialiser.Materialised restored,
            String superuserPassword, String learnerPassword, boolean asBase, PhaseClock clock)
            throws java.sql.SQLException {
        SandboxInstance running = this.runtime.start(restored.instance(), restored.bootPassword());
        clock.lap("start");
        try (Connection postgres = this.runtime.adminConnection(running, restored.bootPassword(), "postgres")) {
            if (!restored.bootPassword().equals(superuserPassword)) {
                SandboxHardening.execute(postgres, "ALTER ROLE " + SandboxRuntime.SUPERUSER + " PASSWORD "
                        + SandboxHardening.literal(superuserPassword));
            }
            this.hardening.afterRestore(postgres, learnerPassword);
            if (asBase) {
                SandboxHardening.makeBase(postgres);
            }
        }
        clock.lap("after-restore");
        this.admin.started(sandboxId, running, superuserPassword, learnerPassword);
        verify(running);
        clock.lap("verify");
        return running;
    }

    /** A restored sandbox must answer in its learner database before it is handed out. */
    private void verify(SandboxInstance running) throws java.sql.SQLException {
        try (Connection learner = this.admin.connect(running, SandboxHardening.LEARNER);
                java.sql.Statement statement = learner.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    /**
     * The superuser password of a sandbox, for env-manager's node snapshot copies (a cluster copied during a capture
     * boots with it); it never leaves env-manager.
     *
     * @param sandboxId the sandbox
     * @return its superuser password
     * @throws NotFoundException when it does not exist
     */
    public String superuserPassword(String sandboxId) {
        return this.credentials.decrypt(this.sandboxes.findById(sandboxId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId))
            .getSuperuserSecret());
    }

    /**
     * @param sandboxId the sandbox
     * @return it, whoever owns it (for service calls)
     * @throws NotFoundException when it does not exist
     */
    @Transactional(readOnly = true)
    public SandboxView find(String sandboxId) {
        return SandboxView.of(this.sandboxes.findById(sandboxId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId)));
    }

    /**
     * Runs work on a sandbox's stopped instance under its lock (no run, layer change or restart meanwhile):
     * {@code beforeStop} with a superuser connection, a fast shutdown, {@code work}, then a restart and
     * {@code afterStart}, which run even when {@code work} fails.
     *
     * @param <T> result of the work
     * @param sandboxId the sandbox
     * @param beforeStop e.g. a CHECKPOINT
     * @param work what to do with the stopped instance (e.g. read its PGDATA)
     * @param afterStart e.g. undo what {@code beforeStop} did
     * @return the work's result
     * @throws SandboxUnavailableException when the sandbox cannot be stopped or started
     */
    public <T> T whileStopped(String sandboxId, SandboxAdmin.AdminWork<?> beforeStop,
            Function<SandboxInstance, T> work, SandboxAdmin.AdminWork<?> afterStart) {
        ReentrantLock lock = this.admin.lock(sandboxId);
        lock.lock();
        try {
            SandboxInstance instance = this.admin.withAdmin(sandboxId, (connection, running) -> {
                beforeStop.apply(connection, running);
                return running;
            });
            this.admin.forget(sandboxId);
            this.runtime.stop(instance);
            SandboxInstance stopped = this.runtime.inspect(sandboxId)
                .orElseThrow(() -> new SandboxRuntimeException("the instance of sandbox " + sandboxId + " is gone"));
            try {
                return work.apply(stopped);
            }
            finally {
                this.admin.withAdmin(sandboxId, afterStart);
            }
        }
        catch (SandboxRuntimeException ex) {
            throw new SandboxUnavailableException(sandboxId, ex);
        }
        finally {
            lock.unlock();
        }
    }

    private SandboxEntity owned(String userId, String sandboxId) {
        return this.sandboxes.findByIdAndUserId(sandboxId, userId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId));
    }

    /** @return a new random sandbox id, {@code sb_} and 20 letters or digits */
    static String newId() {
        StringBuilder id = new StringBuilder("sb_");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
