package io.taidon.idp.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.SecurityFilterChain;

import io.taidon.idp.oidc.OidcLoginHandler;
import io.taidon.idp.oidc.RegisteredOnlyAuthorizationRequestResolver;
import io.taidon.platform.problem.ProblemDetailsSecurityHandler;
import io.taidon.platform.security.TaidonHttpSecurity;
import io.taidon.platform.security.TaidonSecurityProperties;

/**
 * Two filter chains: the OIDC login paths ({@code /api/auth/oidc/{registrationId}} and
 * {@code /login/oauth2/code/{registrationId}}) with a short-lived session that holds the authorization request
 * (state, nonce, PKCE verifier); everything else stateless behind the platform's resource-server rules, with the
 * public account endpoints, the JWKS and {@code /oauth2/token} listed in {@code taidon.security.public-paths}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Where an OIDC login starts: {@code GET /api/auth/oidc/{registrationId}}. */
    static final String OIDC_START = "/api/auth/oidc";

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt today, and the {id} prefix lets the encoding be upgraded later without a migration
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain oidcLoginChain(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> registrations,
            OidcLoginHandler handler) throws Exception {
        // no registrations configured (the default): every start answers 404 like any unknown provider
        ClientRegistrationRepository repository = registrations.getIfAvailable(() -> registrationId -> null);
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(repository,
                OIDC_START);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        ProblemDetailsSecurityHandler problems = new ProblemDetailsSecurityHandler();
        return http.securityMatcher(OIDC_START + "/**", "/login/oauth2/code/**")
            .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
            .oauth2Login(login -> login.clientRegistrationRepository(repository)
                // the provider's tokens are not kept beyond the login: the session is dropped right after it
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .authorizationEndpoint(endpoint -> endpoint.baseUri(OIDC_START)
                    .authorizationRequestResolver(new RegisteredOnlyAuthorizationRequestResolver(repository, resolver)))
                .redirectionEndpoint(endpoint -> endpoint.baseUri("/login/oauth2/code/*"))
                .successHandler(handler)
                .failureHandler(handler))
            .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, TaidonSecurityProperties properties) throws Exception {
        return TaidonHttpSecurity.resourceServer(http, properties).build();
    }
}
