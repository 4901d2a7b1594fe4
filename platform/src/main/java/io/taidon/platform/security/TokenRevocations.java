package io.taidon.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The revocation check every service runs on every request, after the token's signature and claims were validated
 * (DESIGN.md, "Limits and tokens across replicas"): a local copy of idp-adapter's {@link RevocationSet}, reloaded
 * every {@code taidon.security.revocation-refresh} (default 500 ms), plus subjects this service revoked itself when
 * it erased them (so its own erasure takes effect at once, before the next reload). A revoked token fails validation
 * with {@code invalid_token}, which Spring answers 401. When the source cannot be read the last set stays in force.
 */
public class TokenRevocations implements OAuth2TokenValidator<Jwt> {

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);

    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "The token has been revoked", null);

    private final RevocationSource source;

    private final Duration retention;

    private final Clock clock;

    private final AtomicReference<RevocationSet> current = new AtomicReference<>(RevocationSet.EMPTY);

    private final Map<String, Instant> local = new ConcurrentHashMap<>();

    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param source where the set is read
     * @param retention how long a local revocation is kept: at least the longest access-token lifetime
     * @param clock the clock
     */
    public TokenRevocations(RevocationSource source, Duration retention, Clock clock) {
        this.source = source;
        this.retention = retention;
        this.clock = clock;
    }

    /** Reloads the set from the source; scheduled every {@code taidon.security.revocation-refresh}. */
    @Scheduled(fixedDelayString = "${taidon.security.revocation-refresh:500ms}")
    public void refresh() {
        try {
            this.current.set(this.source.load());
            if (this.failing.compareAndSet(true, false)) {
                log.info("token revocations readable again");
            }
        }
        catch (RuntimeException ex) {
            if (this.failing.compareAndSet(false, true)) {
                log.warn("cannot read token revocations, keeping the last set: {}", ex.toString());
            }
        }
        Instant oldest = this.clock.instant().minus(this.retention);
        this.local.values().removeIf(before -> before.isBefore(oldest));
    }

    /**
     * Voids, in this service at once, every token of the subject issued before now (this service erased the user).
     *
     * @param subject the token subject (userId)
     */
    public void revokeSubject(String subject) {
        this.local.merge(subject, this.clock.instant(), (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * @param token a token whose signature and claims were validated
     * @return whether it has been revoked
     */
    public boolean isRevoked(Jwt token) {
        String subject = token.getSubject();
        return this.current.get().revokes(token)
                || (subject != null && RevocationSet.revokedBefore(this.local.get(subject), token.getIssuedAt()));
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return isRevoked(token) ? OAuth2TokenValidatorResult.failure(REVOKED) : OAuth2TokenValidatorResult.success();
    }
}
