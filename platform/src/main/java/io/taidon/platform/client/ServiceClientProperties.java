package io.taidon.platform.client;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who this service is when it calls other Taidon services, and where they are ({@code taidon.service-client.*}).
 * <p>
 * The credentials feed {@link ServiceTokenInterceptor}. {@link #services()} is the one address book: the gateway's
 * routes, the platform's own calls ({@link ServiceRestClients}: audit relay, revocations) and, through
 * {@code PlatformDefaults}, the default {@code spring.http.serviceclient.<service>.base-url} of the HTTP service group
 * named like the service read it. The timeouts are those of the platform's own calls and the default of every
 * group; a service sets a group's own as {@code spring.http.serviceclient.<group>.connect-timeout}/{@code read-timeout}.
 *
 * @param clientId this service's client id at idp-adapter (client credentials, RFC 6749 §4.4)
 * @param clientSecret its secret; no default: the launcher, compose or Helm provide it; without it calls go out
 *        without a token
 * @param tokenUri idp-adapter's token endpoint
 * @param connectTimeout TCP connect timeout of calls to other services, unless a group sets its own
 * @param readTimeout read timeout of calls to other services, unless a group sets its own
 * @param services base URL of each service by name ({@code idp-adapter}, {@code user-profile}, …); a name missing
 *        here has its loopback default ({@link #DEFAULT_URLS})
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
