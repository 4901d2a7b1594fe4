package io.taidon.platform.test;

import java.time.Duration;

import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * An {@code @HttpExchange} interface's client without a Spring context, for a {@code client/} wrapper's unit test:
 * the JDK HTTP client with short timeouts (connect 1 s, read 2 s), no service token, against a test's server.
 */
public final class HttpServiceProxies {

    private HttpServiceProxies() {
    }

    /**
     * @param <T> the interface
     * @param type an {@code @HttpExchange} interface
     * @param baseUrl base URL of the test's stand-in for the downstream
     * @return a client of that interface
     */
    public static <T> T of(Class<T> type, String baseUrl) {
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withConnectTimeout(Duration.ofSeconds(1))
            .withReadTimeout(Duration.ofSeconds(2));
        RestClient client = RestClient.builder()
            .baseUrl(baseUrl)
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
            .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(type);
    }

    /** @return retries that try once: for tests that count calls or check what one failure maps to */
    public static RetryRegistry noRetries() {
        return RetryRegistry.of(RetryConfig.custom().maxAttempts(1).build());
    }

    /**
     * @param maxAttempts attempts of each call, at least 1
     * @return retries without a wait between attempts
     */
    public static RetryRegistry retries(int maxAttempts) {
        return RetryRegistry.of(RetryConfig.custom().maxAttempts(maxAttempts).waitDuration(Duration.ofMillis(1)).build());
    }
}
