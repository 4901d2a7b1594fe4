package io.taidon.platform.client;

import org.springframework.core.Ordered;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import io.taidon.platform.web.RequestIdPropagation;

/**
 * Configures every HTTP service group a service registers with {@code @ImportHttpServices} (one group per
 * downstream, named like it: {@code env-manager}, {@code user-profile}, …): each call carries the request id and this
 * service's own bearer token (client credentials, {@link ServiceTokenInterceptor}); user tokens are never forwarded.
 * Base URL and timeouts are Spring Boot's per-group properties {@code spring.http.serviceclient.<group>.*}, applied
 * before this; the platform defaults a group's {@code base-url} to {@code taidon.service-client.services.<group>}
 * (see {@link ServiceClientProperties}).
 */
public class ServiceClientGroups implements RestClientHttpServiceGroupConfigurer {

    private final ClientHttpRequestInterceptor serviceToken;

    /**
     * @param serviceToken interceptor that adds this service's bearer token
     */
    public ServiceClientGroups(ClientHttpRequestInterceptor serviceToken) {
        this.serviceToken = serviceToken;
    }

    @Override
    public void configureGroups(Groups<RestClient.Builder> groups) {
        groups.forEachClient((group, builder) -> builder.requestInterceptor(new RequestIdPropagation())
            .requestInterceptor(this.serviceToken));
    }

    @Override
    public int getOrder() {
        // after Boot's configurers (properties first, then RestClientCustomizers)
        return Ordered.LOWEST_PRECEDENCE;
    }
}
