package io.taidon.sqlrunner.run;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A layer the runner can resume from, with what it recorded there (table {@code runs.cache_point}). */
@Entity
@Table(name = "cache_point")
class CachePointEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "sandbox_id")
    private String sandboxId;

    @Column(name = "chain_hash")
    private String chainHash;

    private int depth;

    private String results;

    private String settings;

    @Column(name = "created_at")
    private Instant createdAt;

    protected CachePointEntity() {
    }

    CachePointEntity(String userId, String sandboxId, String chainHash, int depth, String results, String settings,
            Instant createdAt) {
        this.userId = userId;
        this.sandboxId = sandboxId;
        this.chainHash = chainHash;
        this.depth = depth;
        this.results = results;
        this.settings = settings;
        this.createdAt = createdAt;
    }

    String chainHash() {
        return this.chainHash;
    }

    int depth() {
        return this.depth;
    }

    String results() {
        return this.results;
    }

    String settings() {
        return this.settings;
    }
}
