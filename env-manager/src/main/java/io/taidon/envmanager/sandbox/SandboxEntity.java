package io.taidon.envmanager.sandbox;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** Row of {@code envs.sandbox}. */
@Entity
@Table(name = "sandbox")
class SandboxEntity {

    @Id
    private String id;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(nullable = false)
    private String runtime;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SandboxStatus status;

    @Column(name = "engine_version", nullable = false)
    private String engineVersion;

    @Column(name = "default_sandbox", nullable = false)
    private boolean defaultSandbox;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    @Column(name = "runtime_handle")
    private @Nullable String runtimeHandle;

    private @Nullable String host;

    private @Nullable Integer port;

    @Column(name = "suspended_snapshot_id")
    private @Nullable String suspendedSnapshotId;

    @Column(name = "base_snapshot_id")
    private @Nullable String baseSnapshotId;

    @Column(name = "base_ref", nullable = false)
    private String baseRef = SandboxBase.EMPTY;

    @Column(name = "base_since", nullable = false)
    private Instant baseSince = Instant.now();

    @Column(name = "superuser_secret", nullable = false)
    private String superuserSecret;

    @Column(name = "learner_secret", nullable = false)
    private String learnerSecret;

    protected SandboxEntity() {
        this.id = "";
        this.userId = "";
        this.runtime = "";
        this.status = SandboxStatus.CREATING;
        this.engineVersion = "";
        this.createdAt = Instant.EPOCH;
        this.lastUsedAt = Instant.EPOCH;
        this.superuserSecret = "";
        this.learnerSecret = "";
    }

    SandboxEntity(String id, String userId, String runtime, String engineVersion, boolean defaultSandbox,
            Instant now, String superuserSecret, String learnerSecret) {
        this.id = id;
        this.userId = userId;
        this.runtime = runtime;
        this.status = SandboxStatus.CREATING;
        this.engineVersion = engineVersion;
        this.defaultSandbox = defaultSandbox;
        this.createdAt = now;
        this.lastUsedAt = now;
        this.superuserSecret = superuserSecret;
        this.learnerSecret = learnerSecret;
    }

    String getId() {
        return this.id;
    }

    String getUserId() {
        return this.userId;
    }

    String getRuntime() {
        return this.runtime;
    }

    SandboxStatus getStatus() {
        return this.status;
    }

    void setStatus(SandboxStatus status) {
        this.status = status;
    }

    String getEngineVersion() {
        return this.engineVersion;
    }

    boolean isDefaultSandbox() {
        return this.defaultSandbox;
    }

    Instant getCreatedAt() {
        return this.createdAt;
    }

    Instant getLastUsedAt() {
        return this.lastUsedAt;
    }

    void setLastUsedAt(Instant lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }

    @Nullable String getRuntimeHandle() {
        return this.runtimeHandle;
    }

    @Nullable String getHost() {
        return this.host;
    }

    @Nullable Integer getPort() {
        return this.port;
    }

    void setInstance(@Nullable String runtimeHandle, @Nullable String host, @Nullable Integer port) {
        this.runtimeHandle = runtimeHandle;
        this.host = host;
        this.port = port;
    }

    @Nullable String getSuspendedSnapshotId() {
        return this.suspendedSnapshotId;
    }

    void setSuspendedSnapshotId(@Nullable String suspendedSnapshotId) {
        this.suspendedSnapshotId = suspendedSnapshotId;
    }

    @Nullable String getBaseSnapshotId() {
        return this.baseSnapshotId;
    }

    String getBaseRef() {
        return this.baseRef;
    }

    /**
     * @param snapshotId the base snapshot, or null for empty
     * @param ref what the chain hashes commit to ({@link SandboxBase#EMPTY} or {@link SandboxBase#ofContent})
     */
    void setBase(@Nullable String snapshotId, String ref) {
        this.baseSnapshotId = snapshotId;
        this.baseRef = ref;
        this.baseSince = Instant.now();
    }

    Instant getBaseSince() {
        return this.baseSince;
    }

    /** Records that the learner went back to the base now (a reset). */
    void backToBase() {
        this.baseSince = Instant.now();
    }

    String getSuperuserSecret() {
        return this.superuserSecret;
    }

    String getLearnerSecret() {
        return this.learnerSecret;
    }

    void setSuperuserSecret(String superuserSecret) {
        this.superuserSecret = superuserSecret;
    }

    void setLearnerSecret(String learnerSecret) {
        this.learnerSecret = learnerSecret;
    }
}
