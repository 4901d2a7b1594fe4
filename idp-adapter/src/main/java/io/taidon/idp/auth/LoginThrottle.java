package io.taidon.idp.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.idp.config.IdpProperties;

/**
 * Counts failed sign-ins per email and per client IP in a sliding window, in the database so that every replica
 * sees the same counts. A key with {@code max} failures in the window is refused until the oldest failure that
 * keeps it at the limit leaves the window.
 */
@Component
public class LoginThrottle {

    private final FailedLoginRepository repository;

    private final IdpProperties.LoginThrottle settings;

    LoginThrottle(FailedLoginRepository repository, IdpProperties properties) {
        this.repository = repository;
        this.settings = properties.loginThrottle();
    }

    static String emailKey(String email) {
        return "email:" + email;
    }

    static String ipKey(String ip) {
        return "ip:" + ip;
    }

    /**
     * @param email normalised email
     * @param ip client address
     * @throws TooManyAttemptsException when either key is at its limit
     */
    @Transactional(readOnly = true)
    public void check(String email, String ip) {
        Instant now = Instant.now();
        Duration byEmail = waitFor(emailKey(email), this.settings.maxFailuresPerEmail(), now);
        Duration byIp = waitFor(ipKey(ip), this.settings.maxFailuresPerIp(), now);
        Duration wait = byEmail.compareTo(byIp) >= 0 ? byEmail : byIp;
        if (!wait.isZero()) {
            throw new TooManyAttemptsException(wait);
        }
    }

    /**
     * @param email normalised email
     * @param ip client address
     */
    @Transactional
    public void recordFailure(String email, String ip) {
        Instant now = Instant.now();
        this.repository.save(new FailedLogin(emailKey(email), now));
        this.repository.save(new FailedLogin(ipKey(ip), now));
    }

    /**
     * @param email normalised email whose failures are forgotten (successful sign-in, erasure)
     */
    @Transactional
    public void clear(String email) {
        this.repository.deleteByKey(emailKey(email));
    }

    /** Deletes failures that left the window. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    @Transactional
    public void purgeOld() {
        this.repository.deleteOlderThan(Instant.now().minus(this.settings.window()));
    }

    private Duration waitFor(String key, int max, Instant now) {
        List<FailedLogin> failures = this.repository.findByThrottleKeyAndFailedAtAfterOrderByFailedAtAsc(key,
                now.minus(this.settings.window()));
        if (failures.size() < max) {
            return Duration.ZERO;
        }
        Instant freeAt = failures.get(failures.size() - max).failedAt().plus(this.settings.window());
        Duration wait = Duration.between(now, freeAt);
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }
}
