package io.taidon.sqlrunner.run;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Persistable;

/** One recorded run (table {@code runs.run}). */
@Entity
@Table(name = "run")
class RunEntity implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "sandbox_id")
    private String sandboxId;

    @Column(name = "chain_hashes")
    private String chainHashes;

    @Column(name = "statement_count")
    private int statementCount;

    @Column(name = "hit_depth")
    private int hitDepth;

    private int replayed;

    @Column(name = "layer_created")
    private boolean layerCreated;

    @Column(name = "error_count")
    private int errorCount;

    private String status;

    @Column(name = "duration_ms")
    private long durationMs;

    @Column(name = "head_ms")
    private long headMs;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "pending_head")
    private @Nullable String pendingHead;

    @Column(name = "script_sha256")
    private @Nullable String scriptSha256;

    /** A run is recorded once: {@code save} inserts it without looking it up first (its id is assigned here). */
    @Transient
    private boolean persisted;

    protected RunEntity() {
    }

    RunEntity(UUID id, String userId, String sandboxId, String chainHashes, int statementCount, int hitDepth,
            int replayed, boolean layerCreated, int errorCount, String status, long durationMs, long headMs,
            Instant createdAt, @Nullable String pendingHead, @Nullable String scriptSha256) {
        this.scriptSha256 = scriptSha256;
        this.id = id;
        this.pendingHead = pendingHead;
        this.userId = userId;
        this.sandboxId = sandboxId;
        this.chainHashes = chainHashes;
        this.statementCount = statementCount;
        this.hitDepth = hitDepth;
        this.replayed = replayed;
        this.layerCreated = layerCreated;
        this.errorCount = errorCount;
        this.status = status;
        this.durationMs = durationMs;
        this.headMs = headMs;
        this.createdAt = createdAt;
    }

    UUID id() {
        return this.id;
    }

    String userId() {
        return this.userId;
    }

    int hitDepth() {
        return this.hitDepth;
    }

    String status() {
        return this.status;
    }

    /** @return {@code h_1 … h_n} of the run's script, as JSON */
    String chainHashes() {
        return this.chainHashes;
    }

    /** @return how many statements the script had ({@code tail + 1}) */
    int statementCount() {
        return this.statementCount;
    }

    /** @return the text of the head the run executed in a rolled-back transaction, or null (applied) */
    @Nullable String pendingHead() {
        return this.pendingHead;
    }

    String sandboxId() {
        return this.sandboxId;
    }

    int replayed() {
        return this.replayed;
    }

    int errorCount() {
        return this.errorCount;
    }

    long durationMs() {
        return this.durationMs;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    /** @return the SHA-256 of the script's text as stored in {@code run_script}, or null (not kept) */
    @Nullable String scriptSha256() {
        return this.scriptSha256;
    }

    /** Records that the pending head was applied to the sandbox. */
    void headApplied() {
        this.pendingHead = null;
    }

    @Override
    public UUID getId() {
        return this.id;
    }

    @Override
    public boolean isNew() {
        return !this.persisted;
    }

    @PostLoad
    @PostPersist
    void markPersisted() {
        this.persisted = true;
    }
}
