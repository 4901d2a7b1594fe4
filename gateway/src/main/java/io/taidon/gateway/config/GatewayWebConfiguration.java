package io.taidon.gateway.config;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CorsFilter;

import io.taidon.gateway.web.BodySizeLimitFilter;
import io.taidon.gateway.web.CorsProblemProcessor;
import io.taidon.gateway.web.PublicSurfaceFilter;
import io.taidon.gateway.web.RequestInputFilter;
import io.taidon.gateway.web.SecurityHeadersFilter;

/**
 * The servlet filters at the edge, in this order after the platform's request id filter: security headers, the
 * input check (400 for a malformed path or query), the public surface (404 for what is never exposed), CORS, the
 * body size cap; Spring Security follows.
 */
@Configuration(proxyBeanMethods = false)
class GatewayWebConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(GatewayProperties properties) {
        return register(new SecurityHeadersFilter(properties.hsts()), 1);
    }

    @Bean
    FilterRegistrationBean<RequestInputFilter> requestInputFilter() {
        return register(new RequestInputFilter(), 2);
    }

    @Bean
    FilterRegistrationBean<PublicSurfaceFilter> publicSurfaceFilter(GatewayProperties properties) {
        return register(new PublicSurfaceFilter(properties.metricsScrapers()), 3);
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(GatewayProperties properties) {
        return register(CorsProblemProcessor.corsFilter(properties.webAppOrigin()), 4);
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(GatewayProperties properties) {
        return register(new BodySizeLimitFilter(properties.maxBodySize()), 5);
    }

    private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> register(F filter, int position) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + position);
        return registration;
    }
}
