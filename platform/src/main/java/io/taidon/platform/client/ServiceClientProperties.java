package io.taidon.platform.client;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service calls other Taidon services ({@code taidon.service-client.*}).
 *
 * @param clientId this service's client id at idp-adapter (client credentials, RFC 6749 §4.4)
 * @param clientSecret its secret; no default: the launcher, compose or Helm provide it
 * @param tokenUri idp-adapter's token endpoint
 * @param connectTimeout TCP connect timeout for calls to other services
 * @param readTimeout read timeout for calls to other services
 * @param services base URL of each service by name ({@code idp-adapter}, {@code user-profile}, …)
 */
@ConfigurationProperties("taidon.service-client")
public record ServiceClientProperties(
        @DefaultValue("unconfigured") String clientId,
        @Nullable String clientSecret,
        @DefaultValue("http://127.0.0.1:8081/oauth2/token") String tokenUri,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue({}) Map<String, String> services) {

    /** Default base URLs on loopback, used when {@link #services()} does not name the service. */
    public static final Map<String, String> DEFAULT_URLS = Map.of(
            "gateway", "http://127.0.0.1:8080",
            "idp-adapter", "http://127.0.0.1:8081",
            "user-profile", "http://127.0.0.1:8082",
            "env-manager", "http://127.0.0.1:8083",
            "snapshot-cache", "http://127.0.0.1:8084",
            "sql-runner", "http://127.0.0.1:8085",
            "audit-log", "http://127.0.0.1:8086");

    /**
     * @param service service name
     * @return its base URL
     * @throws IllegalArgumentException for an unknown service
     */
    public String baseUrl(String service) {
        String url = this.services.getOrDefault(service, DEFAULT_URLS.get(service));
        if (url == null) {
            throw new IllegalArgumentException("unknown service: " + service);
        }
        return url;
    }
}
