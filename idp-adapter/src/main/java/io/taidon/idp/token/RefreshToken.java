package io.taidon.idp.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One refresh token, known only by the hex SHA-256 of its value. */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken {

    @Id
    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "family_id")
    private UUID familyId;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "issued_at")
    private Instant issuedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    @Column(name = "replaced_by")
    private @Nullable String replacedBy;

    @SuppressWarnings("NullAway.Init")
    protected RefreshToken() {
    }

    RefreshToken(String tokenHash, UUID familyId, String userId, Instant issuedAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.familyId = familyId;
        this.userId = userId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    UUID familyId() {
        return this.familyId;
    }

    String userId() {
        return this.userId;
    }

    Instant expiresAt() {
        return this.expiresAt;
    }

    /** @return whether it was revoked or already exchanged for a newer token */
    boolean used() {
        return this.revokedAt != null || this.replacedBy != null;
    }

    void replaceBy(String newHash) {
        this.replacedBy = newHash;
    }
}
