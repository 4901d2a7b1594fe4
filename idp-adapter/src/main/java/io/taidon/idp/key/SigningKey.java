package io.taidon.idp.key;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One ES256 key pair as a private JWK (RFC 7517 JSON); the newest unretired key signs. */
@Entity
@Table(name = "signing_keys")
class SigningKey {

    @Id
    private String kid;

    @Column(name = "private_jwk")
    private String privateJwk;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "retired_at")
    private @Nullable Instant retiredAt;

    @SuppressWarnings("NullAway.Init")
    protected SigningKey() {
    }

    SigningKey(String kid, String privateJwk, Instant createdAt) {
        this.kid = kid;
        this.privateJwk = privateJwk;
        this.createdAt = createdAt;
    }

    String kid() {
        return this.kid;
    }

    String privateJwk() {
        return this.privateJwk;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    @Nullable Instant retiredAt() {
        return this.retiredAt;
    }

    void retire(Instant when) {
        this.retiredAt = when;
    }
}
