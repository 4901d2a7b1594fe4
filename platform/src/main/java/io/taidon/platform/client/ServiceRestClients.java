package io.taidon.platform.client;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

import io.taidon.platform.web.RequestIdPropagation;

/**
 * Makes {@link RestClient}s for the platform's own calls to other Taidon services (the audit outbox relay, the
 * revocation set): base URL from {@link ServiceClientProperties}, connect and read timeouts, the request id, and this
 * service's own bearer token (client credentials) so the callee's {@code /internal/**} endpoints accept the call.
 * User tokens are never forwarded. A service's own calls use an {@code @HttpExchange} interface in an HTTP service
 * group instead ({@link ServiceClientGroups}) and {@link DownstreamCalls} in its {@code client/} wrapper.
 */
public class ServiceRestClients {

    private final RestClient.Builder builder;

    private final ServiceClientProperties properties;

    private final ClientHttpRequestInterceptor serviceToken;

    /**
     * @param builder Boot's builder (observations, message converters)
     * @param properties URLs, timeouts and credentials
     * @param serviceToken interceptor that adds this service's bearer token
     */
    public ServiceRestClients(RestClient.Builder builder, ServiceClientProperties properties,
            ClientHttpRequestInterceptor serviceToken) {
        this.builder = builder;
        this.properties = properties;
        this.serviceToken = serviceToken;
    }

    /**
     * @param service name of the callee, e.g. {@code user-profile}
     * @return a client whose relative URIs resolve against that service's base URL
     */
    public RestClient forService(String service) {
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withConnectTimeout(this.properties.connectTimeout())
            .withReadTimeout(this.properties.readTimeout());
        return this.builder.clone()
            .baseUrl(this.properties.baseUrl(service))
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
            .requestInterceptor(new RequestIdPropagation())
            .requestInterceptor(this.serviceToken)
            .build();
    }
}
