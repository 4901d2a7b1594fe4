package io.taidon.platform.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.taidon.platform.client.ServiceClientProperties;

/**
 * Settings every Taidon service shares, added with the lowest precedence so a service's own
 * {@code application.yml}, the environment or the command line can override each one: structured JSON logs with
 * the request id, actuator health probes and Prometheus, Flyway owning the schema (plus the platform's outbox
 * migration), JPA validating it, no open session in view, virtual threads, and for each Taidon service an HTTP
 * service group's base URL ({@code spring.http.serviceclient.<service>.base-url}) from
 * {@code taidon.service-client.services.<service>} (the address the launcher, compose and Helm give) and its
 * timeouts from {@code taidon.service-client.connect-timeout}/{@code read-timeout}.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    /** Name of the property source holding these defaults. */
    public static final String SOURCE = "taidonPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.threads.virtual.enabled", "true");
        defaults.put("spring.jpa.open-in-view", "false");
        defaults.put("spring.jpa.hibernate.ddl-auto", "validate");
        defaults.put("spring.flyway.locations", "classpath:db/migration,classpath:db/platform");
        // ProblemDetailsAdvice (a ResponseEntityExceptionHandler) answers every error; Boot's own handler would win
        defaults.put("spring.mvc.problemdetails.enabled", "false");
        defaults.put("server.error.include-message", "never");
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.shutdown", "graceful");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.metrics.tags.application", "${spring.application.name}");
        defaults.put("logging.structured.format.console", "${TAIDON_LOG_FORMAT:ecs}");
        defaults.put("logging.structured.ecs.service.name", "${spring.application.name}");
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        // HTTP service groups (@ImportHttpServices): one per downstream, named like it; a service's YAML may set
        // spring.http.serviceclient.<group>.* itself. The JDK client, as for the platform's own calls.
        defaults.put("spring.http.clients.imperative.factory", "jdk");
        ServiceClientProperties.DEFAULT_URLS.forEach((service, url) -> {
            String group = "spring.http.serviceclient." + service + ".";
            defaults.put(group + "base-url", "${taidon.service-client.services." + service + ":" + url + "}");
            defaults.put(group + "connect-timeout", "${taidon.service-client.connect-timeout:2s}");
            defaults.put(group + "read-timeout", "${taidon.service-client.read-timeout:10s}");
        });
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
