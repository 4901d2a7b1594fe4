package io.taidon.idp.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;

import io.taidon.idp.token.AccessTokens;
import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.client.ServiceTokenInterceptor;
import io.taidon.platform.security.TaidonRoles;

/**
 * idp-adapter's own service token for its calls to other services (the audit relay): minted locally with the
 * signing key ({@code sub} = {@code spring.application.name}, role {@code service}) instead of a client-credentials
 * call to itself, reused until a minute before it expires. Replaces the platform's interceptor.
 */
@Component
class LocalServiceTokenInterceptor extends ServiceTokenInterceptor {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);

    private final AccessTokens accessTokens;

    private final String serviceName;

    private volatile @Nullable Cached cached;

    LocalServiceTokenInterceptor(ServiceClientProperties properties, AccessTokens accessTokens,
            @Value("${spring.application.name}") String serviceName) {
        super(properties);
        this.accessTokens = accessTokens;
        this.serviceName = serviceName;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        request.getHeaders().setBearerAuth(token());
        return execution.execute(request, body);
    }

    private String token() {
        Cached current = this.cached;
        Instant now = Instant.now();
        if (current == null || now.isAfter(current.renewAt())) {
            AccessTokens.AccessToken issued = this.accessTokens.issue(this.serviceName, TaidonRoles.SERVICE, null,
                    "service");
            current = new Cached(issued.value(),
                    now.plusSeconds(issued.expiresIn()).minus(RENEW_BEFORE_EXPIRY));
            this.cached = current;
        }
        return current.value();
    }

    private record Cached(String value, Instant renewAt) {
    }
}
