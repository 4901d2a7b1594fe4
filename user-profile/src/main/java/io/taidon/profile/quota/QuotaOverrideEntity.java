package io.taidon.profile.quota;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A row of {@code quota_override}: one user's overrides, null columns mean the default. */
@Entity
@Table(name = "quota_override")
class QuotaOverrideEntity {

    @Id
    @Column(name = "user_id")
    private String userId = "";

    @Column(name = "max_sandboxes")
    private @Nullable Integer maxSandboxes;

    @Column(name = "max_named_snapshots")
    private @Nullable Integer maxNamedSnapshots;

    @Column(name = "snapshot_storage_bytes")
    private @Nullable Long snapshotStorageBytes;

    @Column(name = "sandbox_cpus")
    private @Nullable Double sandboxCpus;

    @Column(name = "sandbox_memory_bytes")
    private @Nullable Long sandboxMemoryBytes;

    @Column(name = "statement_timeout_ms")
    private @Nullable Long statementTimeoutMs;

    @Column(name = "runs_per_minute")
    private @Nullable Integer runsPerMinute;

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.EPOCH;

    protected QuotaOverrideEntity() {
        // for JPA
    }

    QuotaOverrideEntity(String userId) {
        this.userId = userId;
    }

    void apply(QuotaOverrides overrides, Instant now) {
        this.maxSandboxes = overrides.maxSandboxes();
        this.maxNamedSnapshots = overrides.maxNamedSnapshots();
        this.snapshotStorageBytes = overrides.snapshotStorageBytes();
        this.sandboxCpus = overrides.sandboxCpus();
        this.sandboxMemoryBytes = overrides.sandboxMemoryBytes();
        this.statementTimeoutMs = overrides.statementTimeoutMs();
        this.runsPerMinute = overrides.runsPerMinute();
        this.updatedAt = now;
    }

    QuotaOverrides toOverrides() {
        return new QuotaOverrides(this.maxSandboxes, this.maxNamedSnapshots, this.snapshotStorageBytes,
                this.sandboxCpus, this.sandboxMemoryBytes, this.statementTimeoutMs, this.runsPerMinute);
    }
}
