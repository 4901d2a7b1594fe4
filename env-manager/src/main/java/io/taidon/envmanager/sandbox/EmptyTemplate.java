package io.taidon.envmanager.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxSpec;

/**
 * The node's empty template: a hardened empty cluster (initdb, start, {@link SandboxHardening#initialise}, fast
 * shutdown) kept among the node's snapshot copies ({@link SnapshotMaterialiser#saveEmptyTemplate}), so that later
 * empty sandboxes are a copy and a start instead of an initdb. Built once, in the background, after the first empty
 * sandbox that had to run initdb; when the build fails it is not retried until env-manager restarts (sandboxes keep
 * running initdb). Only where the runtime exposes data files ({@link SandboxRuntime#dataFilesReachable()}).
 */
@Component
class EmptyTemplate {

    private static final Logger log = LoggerFactory.getLogger(EmptyTemplate.class);

    private final SandboxRuntime runtime;

    private final SandboxHardening hardening;

    private final SandboxAdmin admin;

    private final SnapshotMaterialiser snapshots;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    private final AtomicBoolean building = new AtomicBoolean();

    private volatile boolean unavailable;

    EmptyTemplate(SandboxRuntime runtime, SandboxHardening hardening, SandboxAdmin admin,
            SnapshotMaterialiser snapshots) {
        this.runtime = runtime;
        this.hardening = hardening;
        this.admin = admin;
        this.snapshots = snapshots;
    }

    /** Builds the template in the background, one build at a time; does nothing after a failed build. */
    void buildLater() {
        if (this.unavailable || !this.runtime.dataFilesReachable() || !this.building.compareAndSet(false, true)) {
            return;
        }
        this.background.execute(() -> {
            try {
                build();
            }
            catch (RuntimeException | SQLException ex) {
                this.unavailable = true; // not retried until restart
                log.warn("cannot build the empty sandbox template; sandboxes keep running initdb", ex);
            }
            finally {
                this.building.set(false);
            }
        });
    }

    /**
     * Builds it in a scratch instance that holds no record (its lock keeps reconciliation away) and is removed
     * afterwards.
     */
    private void build() throws SQLException {
        String id = SandboxService.newId().replace("sb_", "sb_template_");
        String password = SandboxCredentials.newPassword();
        ReentrantLock lock = this.admin.lock(id);
        lock.lock();
        try {
            SandboxInstance created = this.runtime.create(new SandboxSpec(id, "env-manager", password));
            SandboxInstance running = this.runtime.start(created, password);
            try (Connection postgres = this.runtime.adminConnection(running, password, "postgres")) {
                this.hardening.initialise(postgres,
                        database -> this.runtime.adminConnection(running, password, database),
                        SandboxCredentials.newPassword());
            }
            this.runtime.stop(running);
            this.snapshots.saveEmptyTemplate(this.runtime.dataDirectory(running), password);
        }
        finally {
            try {
                this.runtime.remove(id);
            }
            finally {
                lock.unlock();
                this.admin.removed(id);
            }
        }
    }

    @PreDestroy
    void shutdown() {
        this.background.shutdownNow();
    }
}
