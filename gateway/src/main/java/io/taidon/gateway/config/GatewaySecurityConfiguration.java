package io.taidon.gateway.config;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import io.taidon.gateway.web.WebAppPaths;
import io.taidon.platform.problem.ProblemDetailsSecurityHandler;
import io.taidon.platform.security.TaidonAuthenticationConverter;

/**
 * JWT validation at the edge with the platform's decoder (ES256 only, issuer, audience, expiry with skew, cached
 * JWKS): every route needs a valid token except the public ones, {@code /api/auth/**} (but
 * {@code /api/auth/logout}), the OIDC callback, the JWKS, the OpenAPI documents, Swagger UI, health and the web app
 * (its pages and assets; the app signs in through the API). On public
 * paths a bearer header is not examined by the gateway (an expired access token must not block a refresh); it is
 * forwarded like any header. The token is forwarded unchanged; the service validates it again.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    static final RequestMatcher LOGOUT = PATHS.matcher("/api/auth/logout");

    static final RequestMatcher PUBLIC = new OrRequestMatcher(PATHS.matcher("/api/auth/**"),
            PATHS.matcher("/login/oauth2/code/**"), PATHS.matcher(HttpMethod.GET, "/.well-known/jwks.json"),
            PATHS.matcher(HttpMethod.GET, "/v3/api-docs/**"), PATHS.matcher(HttpMethod.GET, "/swagger-ui/**"),
            PATHS.matcher(HttpMethod.GET, "/swagger-ui.html"), PATHS.matcher(HttpMethod.GET, "/assets/**"),
            WebAppPaths::isPageRequest, PATHS.matcher("/actuator/health"),
            PATHS.matcher("/actuator/health/**"), PATHS.matcher("/actuator/prometheus"), PATHS.matcher("/error"));

    @Bean
    SecurityFilterChain gatewaySecurityFilterChain(HttpSecurity http) throws Exception {
        ProblemDetailsSecurityHandler problems = new ProblemDetailsSecurityHandler();
        return http.csrf(csrf -> csrf.disable())
            .cors(cors -> cors.disable())
            // SecurityHeadersFilter owns the security headers, for every answer including the proxied ones
            .headers(headers -> headers.disable())
            .requestCache(cache -> cache.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(requests -> requests.requestMatchers(LOGOUT)
                .authenticated()
                .requestMatchers(PUBLIC)
                .permitAll()
                .requestMatchers(HttpMethod.OPTIONS, "/**")
                .permitAll()
                .anyRequest()
                .authenticated())
            .oauth2ResourceServer(oauth2 -> oauth2.bearerTokenResolver(bearerTokenResolver())
                .jwt(jwt -> jwt.jwtAuthenticationConverter(new TaidonAuthenticationConverter()))
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            .build();
    }

    private static BearerTokenResolver bearerTokenResolver() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return (HttpServletRequest request) -> (PUBLIC.matches(request) && !LOGOUT.matches(request)) ? null
                : standard.resolve(request);
    }
}
