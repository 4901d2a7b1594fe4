package io.taidon.vcssync.credential;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of {@code git_credential}: the secret only as ciphertext. */
@Entity
@Table(name = "git_credential")
class CredentialEntity {

    @Id
    private String id;

    @Column(name = "user_id")
    private String userId;

    private String name;

    private String kind;

    private byte[] ciphertext;

    @Column(name = "created_at")
    private Instant createdAt;

    protected CredentialEntity() {
        this.id = "";
        this.userId = "";
        this.name = "";
        this.kind = "";
        this.ciphertext = new byte[0];
        this.createdAt = Instant.EPOCH;
    }

    CredentialEntity(String id, String userId, String name, String kind, byte[] ciphertext, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.kind = kind;
        this.ciphertext = ciphertext;
        this.createdAt = createdAt;
    }

    String id() {
        return this.id;
    }

    String userId() {
        return this.userId;
    }

    String name() {
        return this.name;
    }

    String kind() {
        return this.kind;
    }

    byte[] ciphertext() {
        return this.ciphertext;
    }

    Instant createdAt() {
        return this.createdAt;
    }
}
