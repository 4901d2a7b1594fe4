package io.taidon.gateway.webapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.resource.EncodedResourceResolver;
import org.springframework.web.servlet.resource.PathResourceResolver;

import io.taidon.gateway.web.WebAppPaths;

/**
 * Serves the web app from the frontend jar ({@code classpath:/taidon-web/}): {@code /assets/**} with
 * {@code Cache-Control: public, max-age=31536000, immutable} (their names carry a content hash), as the build's
 * precompressed {@code .br}/{@code .gz} copy when the browser accepts it; every page ({@link WebAppPaths#isPage}) as
 * {@code index.html} with {@code Cache-Control: no-cache} and this response's CSP nonce.
 */
@Configuration(proxyBeanMethods = false)
class WebAppConfiguration implements WebMvcConfigurer {

    static final String LOCATION = "taidon-web/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(WebAppPaths.ASSETS + "**")
            .addResourceLocations("classpath:/" + LOCATION + "assets/")
            .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
            .setUseLastModified(false)
            .resourceChain(true)
            .addResolver(new EncodedResourceResolver())
            .addResolver(new PathResourceResolver());
    }

    /** Ordered last, beside the catch-all for unknown {@code /api/**} paths, which pages never overlap. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RouterFunction<ServerResponse> webAppPages() {
        WebAppIndex index = WebAppIndex.load(new ClassPathResource(LOCATION + "index.html"));
        return RouterFunctions.route(request -> WebAppPaths.isPageRequest(request.servletRequest()), request -> {
            HttpServletRequest servlet = request.servletRequest();
            Object nonce = servlet.getAttribute(WebAppPaths.NONCE_ATTRIBUTE);
            if (!(nonce instanceof String value)) {
                throw new IllegalStateException("SecurityHeadersFilter did not run for " + servlet.getRequestURI());
            }
            return ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .body(index.render(value));
        });
    }
}
