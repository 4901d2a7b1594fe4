package io.taidon.idp.user;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The link from an OIDC provider's user ({@code iss}, {@code sub}) to a Taidon userId. */
@Entity
@Table(name = "federated_identities")
class FederatedIdentity {

    @EmbeddedId
    private Key key;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "created_at")
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected FederatedIdentity() {
    }

    FederatedIdentity(Key key, String userId, Instant createdAt) {
        this.key = key;
        this.userId = userId;
        this.createdAt = createdAt;
    }

    String userId() {
        return this.userId;
    }

    /**
     * @param issuer the provider's {@code iss}
     * @param subject the provider's {@code sub}
     */
    @Embeddable
    record Key(String issuer, String subject) implements Serializable {
    }
}
