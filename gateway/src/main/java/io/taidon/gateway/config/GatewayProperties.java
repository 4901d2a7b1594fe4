package io.taidon.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway ({@code taidon.gateway.*}). Base URLs of the services come from the platform's
 * {@code taidon.service-client.services.<name>}; circuit breakers from {@code resilience4j.circuitbreaker.*}.
 *
 * @param webAppOrigin the only origin CORS allows (scheme, host and port of the web app)
 * @param maxBodySize largest request body the gateway forwards; larger bodies are answered 413
 * @param hsts whether to send {@code Strict-Transport-Security} (enable only where the gateway is served over TLS)
 * @param metricsScrapers addresses (CIDR) allowed to read {@code /actuator/prometheus}; everyone else gets 404
 * @param defaultTimeout deadline of a proxied call (until the response headers arrive) for a service without its own
 * @param timeouts deadline per service name ({@code user-profile}, {@code env-manager}, …), overriding the default
 * @param rateLimit request budgets per user and per client address
 */
@Validated
@ConfigurationProperties("taidon.gateway")
public record GatewayProperties(
        @DefaultValue("http://localhost:5173") @NotBlank String webAppOrigin,
        @DefaultValue("2MB") DataSize maxBodySize,
        @DefaultValue("false") boolean hsts,
        @DefaultValue({ "127.0.0.0/8", "::1/128" }) List<String> metricsScrapers,
        @DefaultValue("10s") Duration defaultTimeout,
        @DefaultValue({}) Map<String, Duration> timeouts,
        @DefaultValue @Valid RateLimit rateLimit) {

    /**
     * @param service service name
     * @return the deadline for calls to it
     */
    public Duration timeoutFor(String service) {
        return this.timeouts.getOrDefault(service, this.defaultTimeout);
    }

    /**
     * Request budgets, each refilled in full at the end of its window (Bucket4j "intervally" refill), kept in the
     * control-plane PostgreSQL so that every gateway replica spends from the same bucket.
     *
     * @param window length of a budget window
     * @param perUser requests one user (the token's {@code sub}) may make per window on the authenticated routes
     * @param perAddress requests one client address may make per window on the public routes ({@code /api/auth/**},
     * the JWKS, the OpenAPI documents)
     */
    public record RateLimit(
            @DefaultValue("1m") Duration window,
            @DefaultValue("300") @Min(1) long perUser,
            @DefaultValue("30") @Min(1) long perAddress) {
    }
}
