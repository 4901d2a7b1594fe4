package io.taidon.idp.erasure;

import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.idp.auth.LoginThrottle;
import io.taidon.idp.revocation.TokenRevocationService;
import io.taidon.idp.token.RefreshTokens;
import io.taidon.idp.user.UserAccounts;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.erasure.UserDataEraser;

/**
 * Erases what idp-adapter holds about a user: email, password hash, refresh tokens (so no session can be
 * refreshed), its unexpired access tokens (revoked by subject, so every service refuses them), federated links and failed-login records for the email. The user row stays as a tombstone, so the
 * identity can never sign in again and its id is never reused. Idempotent.
 */
@Component
class IdpUserDataEraser implements UserDataEraser {

    private final UserAccounts users;

    private final RefreshTokens refreshTokens;

    private final LoginThrottle throttle;

    private final AuditRecorder audit;

    private final TokenRevocationService revocations;

    IdpUserDataEraser(UserAccounts users, RefreshTokens refreshTokens, LoginThrottle throttle, AuditRecorder audit,
            TokenRevocationService revocations) {
        this.revocations = revocations;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    @Transactional
    public void erase(String userId) {
        this.revocations.revokeSubject(userId, Instant.now());
        this.refreshTokens.deleteAllOf(userId);
        this.users.erase(userId).ifPresent(erasure -> {
            String email = erasure.email();
            if (email != null) {
                this.throttle.clear(email);
            }
            this.audit.record(userId, "auth.erase", "user", userId, AuditEvent.SUCCESS);
        });
    }
}
