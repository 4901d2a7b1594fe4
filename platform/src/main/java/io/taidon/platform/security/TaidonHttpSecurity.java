package io.taidon.platform.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

import io.taidon.platform.problem.ProblemDetailsSecurityHandler;

/**
 * The resource-server rules every service applies: health, Prometheus and OpenAPI are open; {@code /internal/**}
 * needs a service token; everything else needs a valid user or service token. Stateless, no CSRF (bearer tokens
 * only), 401/403 as ProblemDetails.
 */
public final class TaidonHttpSecurity {

    private TaidonHttpSecurity() {
    }

    /**
     * @param http the builder to configure
     * @param properties JWT settings and this service's extra public paths
     * @return the same builder, for further rules by the caller
     * @throws Exception as {@link HttpSecurity} does
     */
    public static HttpSecurity resourceServer(HttpSecurity http, TaidonSecurityProperties properties)
            throws Exception {
        ProblemDetailsSecurityHandler problems = new ProblemDetailsSecurityHandler();
        String[] publicPaths = properties.publicPaths().toArray(String[]::new);
        return http.csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(requests -> {
                requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                        "/actuator/info", "/v3/api-docs", "/v3/api-docs/**", "/error").permitAll();
                requests.requestMatchers(HttpMethod.OPTIONS, "/**").permitAll();
                if (publicPaths.length > 0) {
                    requests.requestMatchers(publicPaths).permitAll();
                }
                requests.requestMatchers("/internal/**").hasRole(TaidonRoles.SERVICE.toUpperCase());
                requests.anyRequest().authenticated();
            })
            .oauth2ResourceServer(oauth2 -> oauth2
                .jwt(jwt -> jwt.jwtAuthenticationConverter(new TaidonAuthenticationConverter()))
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                .accessDeniedHandler(problems));
    }
}
