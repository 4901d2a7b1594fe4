package io.taidon.profile.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Turns on {@code @PreAuthorize} for the admin endpoints; a refusal is a 403 ProblemDetail. */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurityConfig {
}
