package io.taidon.idp.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One failed sign-in, counted under a throttle key ({@code email:…} or {@code ip:…}). */
@Entity
@Table(name = "failed_logins")
class FailedLogin {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "throttle_key")
    private String throttleKey;

    @Column(name = "failed_at")
    private Instant failedAt;

    @SuppressWarnings("NullAway.Init")
    protected FailedLogin() {
    }

    FailedLogin(String throttleKey, Instant failedAt) {
        this.throttleKey = throttleKey;
        this.failedAt = failedAt;
    }

    Instant failedAt() {
        return this.failedAt;
    }
}
