package io.taidon.platform.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every Taidon service validates the platform's JWTs ({@code taidon.security.*}).
 *
 * @param issuer expected {@code iss} claim: the public base URL of the platform
 * @param audience expected value inside the {@code aud} claim
 * @param jwkSetUri where idp-adapter publishes its JWKS (RFC 7517)
 * @param clockSkew tolerated clock difference when checking {@code exp}, {@code nbf} and {@code iat}
 * @param jwksCacheTtl how long a fetched JWKS is used before it is fetched again
 * @param jwksOutageTolerance how long cached keys keep validating tokens while the JWKS endpoint is down
 * @param publicPaths extra Ant-style paths this service serves without a token
 * @param revocationRefresh how often the revocation set is reloaded from idp-adapter (DESIGN.md: at least every
 *        second)
 * @param revocationRetention how long this service keeps a subject it revoked itself (on erasure): at least the
 *        longest access-token lifetime plus the clock skew
 * @param revocationsUri where the revocation set is read; default idp-adapter's {@code /internal/revocations}
 *        (base URL from {@code taidon.service-client.services.idp-adapter})
 */
@Validated
@ConfigurationProperties("taidon.security")
public record TaidonSecurityProperties(
        @DefaultValue("http://localhost:8080") @NotBlank String issuer,
        @DefaultValue("taidon") @NotBlank String audience,
        @DefaultValue("http://127.0.0.1:8081/.well-known/jwks.json") @NotBlank String jwkSetUri,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("5m") Duration jwksCacheTtl,
        @DefaultValue("12h") Duration jwksOutageTolerance,
        @DefaultValue({}) List<String> publicPaths,
        @DefaultValue("500ms") Duration revocationRefresh,
        @DefaultValue("1h") Duration revocationRetention,
        @Nullable String revocationsUri) {
}
