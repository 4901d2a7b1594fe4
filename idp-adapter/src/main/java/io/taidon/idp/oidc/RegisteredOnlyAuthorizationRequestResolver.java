package io.taidon.idp.oidc;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Lets only configured registrations start a login. Spring's resolver throws for an unknown registration id,
 * which its filter turns into a 500; here the request passes on and is answered 404 like any unknown path.
 */
public final class RegisteredOnlyAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

    private final ClientRegistrationRepository registrations;

    private final OAuth2AuthorizationRequestResolver delegate;

    /**
     * @param registrations the configured providers
     * @param delegate Spring's resolver (with PKCE)
     */
    public RegisteredOnlyAuthorizationRequestResolver(ClientRegistrationRepository registrations,
            OAuth2AuthorizationRequestResolver delegate) {
        this.registrations = registrations;
        this.delegate = delegate;
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String registrationId = path.substring(path.lastIndexOf('/') + 1);
        return known(registrationId) ? this.delegate.resolve(request) : null;
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return known(clientRegistrationId) ? this.delegate.resolve(request, clientRegistrationId) : null;
    }

    private boolean known(String registrationId) {
        return !registrationId.isEmpty() && this.registrations.findByRegistrationId(registrationId) != null;
    }
}
