package io.taidon.snapshotcache.snapshot;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** The metadata row of a visible snapshot; mirrors its manifest. */
@Entity
@Table(name = "snapshot")
class SnapshotEntity {

    @Id
    private String id = "";

    @Column(nullable = false)
    private String owner = "";

    @Column(nullable = false)
    private String kind = "";

    private @Nullable String name;

    @Column(name = "chain_hash")
    private @Nullable String chainHash;

    @Column(name = "parent_id")
    private @Nullable String parentId;

    @Column(name = "engine_version", nullable = false)
    private String engineVersion = "";

    @Column(name = "logical_size", nullable = false)
    private long logicalSize;

    @Column(name = "stored_size", nullable = false)
    private long storedSize;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.EPOCH;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt = Instant.EPOCH;

    @Column(nullable = false)
    private boolean pinned;

    protected SnapshotEntity() {
    }

    SnapshotEntity(SnapshotRecord record) {
        this.id = record.id();
        this.owner = record.owner();
        this.kind = record.kind();
        this.name = record.name();
        this.chainHash = record.chainHash();
        this.parentId = record.parentId();
        this.engineVersion = record.engineVersion();
        this.logicalSize = record.logicalSize();
        this.storedSize = record.storedSize();
        this.createdAt = record.createdAt();
        this.lastUsedAt = record.lastUsedAt();
        this.pinned = record.pinned();
    }

    SnapshotRecord toRecord() {
        return new SnapshotRecord(this.id, this.owner, this.kind, this.name, this.chainHash, this.parentId,
                this.engineVersion, this.logicalSize, this.storedSize, this.createdAt, this.lastUsedAt, this.pinned);
    }

    String id() {
        return this.id;
    }

    String owner() {
        return this.owner;
    }

    @Nullable String parentId() {
        return this.parentId;
    }

    void touch(Instant at) {
        this.lastUsedAt = at;
    }

    void pin(boolean pinned) {
        this.pinned = pinned;
    }
}
