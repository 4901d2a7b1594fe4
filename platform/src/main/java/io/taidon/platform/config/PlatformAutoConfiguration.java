package io.taidon.platform.config;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import io.taidon.platform.audit.AuditOutboxRelay;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.audit.OutboxAuditRecorder;
import io.taidon.platform.client.ServiceClientGroups;
import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.client.ServiceTokenInterceptor;
import io.taidon.platform.erasure.ErasureController;
import io.taidon.platform.erasure.UserDataEraser;
import io.taidon.platform.problem.ProblemDetailsAdvice;
import io.taidon.platform.security.RemoteRevocationSource;
import io.taidon.platform.security.RevocationSource;
import io.taidon.platform.security.TaidonHttpSecurity;
import io.taidon.platform.security.TaidonJwtDecoders;
import io.taidon.platform.security.TaidonSecurityProperties;
import io.taidon.platform.security.TokenRevocations;
import io.taidon.platform.web.ProblemErrorController;
import io.taidon.platform.web.ProblemErrorReportValve;
import io.taidon.platform.web.RequestIdFilter;

/**
 * Wires the platform into every service: JWT resource-server security, ProblemDetail errors, request ids, the
 * service token and request id on every HTTP service group (and on the platform's own calls), the audit outbox and its relay, and the erasure endpoint. Each bean backs
 * off when the service declares its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" },
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@EnableWebSecurity
@EnableScheduling
@EnableConfigurationProperties({ TaidonSecurityProperties.class, ServiceClientProperties.class })
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(TaidonSecurityProperties properties, TokenRevocations revocations) {
        return TaidonJwtDecoders.create(properties, revocations);
    }

    @Bean
    @ConditionalOnMissingBean
    RevocationSource revocationSource(ServiceRestClients clients, TaidonSecurityProperties properties) {
        String uri = properties.revocationsUri() != null ? properties.revocationsUri() : "/internal/revocations";
        return new RemoteRevocationSource(clients.forService("idp-adapter"), uri);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenRevocations tokenRevocations(RevocationSource source, TaidonSecurityProperties properties) {
        return new TokenRevocations(source, properties.revocationRetention(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain taidonSecurityFilterChain(HttpSecurity http, TaidonSecurityProperties properties)
            throws Exception {
        return TaidonHttpSecurity.resourceServer(http, properties).build();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** Tomcat's own error answers (bad request line, bad encoding, headers too large) as ProblemDetails. */
    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceTokenInterceptor serviceTokenInterceptor(ServiceClientProperties properties) {
        return new ServiceTokenInterceptor(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceRestClients serviceRestClients(RestClient.Builder builder, ServiceClientProperties properties,
            ServiceTokenInterceptor serviceTokenInterceptor) {
        return new ServiceRestClients(builder, properties, serviceTokenInterceptor);
    }

    /** The request id and the service token on every {@code @ImportHttpServices} group of the service. */
    @Bean
    @ConditionalOnMissingBean
    ServiceClientGroups serviceClientGroups(ServiceTokenInterceptor serviceTokenInterceptor) {
        return new ServiceClientGroups(serviceTokenInterceptor);
    }

    @Bean
    FlywayConfigurationCustomizer platformFlywayDefaults() {
        // the service's schema is the default schema and is created by Flyway only if the role may create it
        return configuration -> configuration.createSchemas(true);
    }

    @Bean
    @ConditionalOnMissingBean(AuditRecorder.class)
    @ConditionalOnBean(JdbcTemplate.class)
    OutboxAuditRecorder outboxAuditRecorder(JdbcTemplate jdbc) {
        return new OutboxAuditRecorder(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ JdbcTemplate.class, OutboxAuditRecorder.class })
    @ConditionalOnProperty(name = "taidon.audit.relay-enabled", matchIfMissing = true)
    AuditOutboxRelay auditOutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions,
            ServiceRestClients clients, MeterRegistry meters) {
        return new AuditOutboxRelay(jdbc, transactions, clients.forService("audit-log"), meters);
    }

    @Bean
    @ConditionalOnBean(AuditRecorder.class)
    ErasureController erasureController(ObjectProvider<UserDataEraser> erasers, AuditRecorder audit,
            TokenRevocations revocations, @Value("${spring.application.name}") String serviceName) {
        List<UserDataEraser> all = erasers.orderedStream().toList();
        return new ErasureController(all, audit, revocations, serviceName);
    }
}
