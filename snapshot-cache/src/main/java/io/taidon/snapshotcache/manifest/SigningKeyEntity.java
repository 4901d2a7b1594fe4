package io.taidon.snapshotcache.manifest;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** An Ed25519 key pair that signs manifests (encoded X.509 SubjectPublicKeyInfo and PKCS#8). */
@Entity
@Table(name = "signing_key")
class SigningKeyEntity {

    @Id
    private String id;

    @Column(name = "public_key", nullable = false)
    private byte[] publicKey;

    @Column(name = "private_key", nullable = false)
    private byte[] privateKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retired_at")
    private @Nullable Instant retiredAt;

    protected SigningKeyEntity() {
        this.id = "";
        this.publicKey = new byte[0];
        this.privateKey = new byte[0];
        this.createdAt = Instant.EPOCH;
    }

    SigningKeyEntity(String id, byte[] publicKey, byte[] privateKey, Instant createdAt) {
        this.id = id;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.createdAt = createdAt;
    }

    String id() {
        return this.id;
    }

    byte[] publicKey() {
        return this.publicKey;
    }

    byte[] privateKey() {
        return this.privateKey;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    @Nullable Instant retiredAt() {
        return this.retiredAt;
    }

    void retire(Instant at) {
        this.retiredAt = at;
    }
}
