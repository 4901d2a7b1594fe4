package io.taidon.platform.client;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Adds this service's own access token to calls to other services: an OAuth 2.0 client-credentials grant
 * (RFC 6749 §4.4) at idp-adapter, fetched, cached and renewed before expiry by Spring Security's
 * {@link OAuth2ClientHttpRequestInterceptor}. The user's token is never forwarded. Without a configured client
 * secret (a service that calls nobody, or a unit test) calls go out without a token.
 */
public class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    /** Registration id of the service's own client. */
    public static final String REGISTRATION_ID = "taidon-service";

    private static final Authentication SERVICE_PRINCIPAL = new AnonymousAuthenticationToken("taidon-service",
            REGISTRATION_ID, AuthorityUtils.createAuthorityList("ROLE_SERVICE"));

    private final ClientHttpRequestInterceptor delegate;

    /**
     * @param properties client id, secret and token endpoint
     */
    public ServiceTokenInterceptor(ServiceClientProperties properties) {
        if (properties.clientSecret() == null || properties.clientSecret().isBlank()) {
            this.delegate = (request, body, execution) -> execution.execute(request, body);
            return;
        }
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .clientId(properties.clientId())
            .clientSecret(properties.clientSecret())
            .tokenUri(properties.tokenUri())
            .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
                registrations, new InMemoryOAuth2AuthorizedClientService(registrations));
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
        OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
        interceptor.setClientRegistrationIdResolver(request -> REGISTRATION_ID);
        interceptor.setPrincipalResolver(request -> SERVICE_PRINCIPAL);
        this.delegate = interceptor;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        return this.delegate.intercept(request, body, execution);
    }
}
