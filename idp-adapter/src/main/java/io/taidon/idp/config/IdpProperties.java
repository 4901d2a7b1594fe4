package io.taidon.idp.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of idp-adapter ({@code taidon.idp.*}). The issuer and audience of the tokens come from
 * {@code taidon.security.*}.
 *
 * @param accessTokenTtl lifetime of access tokens (user and service)
 * @param refreshTokenTtl lifetime of a refresh token; each rotation issues a new one with the full lifetime
 * @param keyRotationInterval age after which the active signing key is replaced by a new one
 * @param keyCheckInterval how often every replica reloads the keys from the database, rotates a key that is due
 *        and drops retired keys no unexpired token can need
 * @param adminEmails registered emails (case-insensitive) whose tokens carry the {@code admin} role
 * @param webAppUrl where a successful OIDC login is redirected with the tokens in the URL fragment; without it the
 *        callback answers the tokens as JSON
 * @param serviceClients client id → secret of every service allowed to get a service token (client credentials)
 * @param minPasswordLength minimum number of characters of a new password (at most 72 UTF-8 bytes, bcrypt's limit)
 * @param loginThrottle limits on failed logins
 */
@ConfigurationProperties("taidon.idp")
public record IdpProperties(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("7d") Duration keyRotationInterval,
        @DefaultValue("1m") Duration keyCheckInterval,
        @DefaultValue({}) List<String> adminEmails,
        @Nullable String webAppUrl,
        @DefaultValue({}) Map<String, String> serviceClients,
        @DefaultValue("10") int minPasswordLength,
        @DefaultValue LoginThrottle loginThrottle) {

    /**
     * Failed-login throttling; failures are counted in the database so the limits hold across replicas.
     *
     * @param window sliding window in which failures are counted
     * @param maxFailuresPerEmail failures for one email within the window after which logins for it get 429
     * @param maxFailuresPerIp failures from one client IP within the window after which its logins get 429
     */
    public record LoginThrottle(
            @DefaultValue("15m") Duration window,
            @DefaultValue("5") int maxFailuresPerEmail,
            @DefaultValue("20") int maxFailuresPerIp) {
    }
}
