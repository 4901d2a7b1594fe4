package io.taidon.gateway.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import io.taidon.platform.problem.Problems;

/**
 * CORS for the web app's origin only (Fetch Standard, "CORS protocol"): bearer tokens in the {@code Authorization}
 * header, no cookies, so no credentials mode. A request from any other origin is refused with a 403 ProblemDetail.
 */
public final class CorsProblemProcessor extends DefaultCorsProcessor {

    /**
     * @param webAppOrigin the one allowed origin
     * @return the servlet filter that applies CORS to every path
     */
    public static CorsFilter corsFilter(String webAppOrigin) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.addAllowedOrigin(webAppOrigin);
        configuration.addAllowedMethod("GET");
        configuration.addAllowedMethod("POST");
        configuration.addAllowedMethod("PUT");
        configuration.addAllowedMethod("PATCH");
        configuration.addAllowedMethod("DELETE");
        configuration.addAllowedHeader("Authorization");
        configuration.addAllowedHeader("Content-Type");
        configuration.addAllowedHeader("X-Request-Id");
        configuration.addExposedHeader("X-Request-Id");
        configuration.addExposedHeader("Retry-After");
        configuration.addExposedHeader("Location");
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new CorsProblemProcessor());
        return filter;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "cors-rejected", "Origin not allowed",
                "This origin may not call the Taidon API from a browser.");
        if (response instanceof ServletServerHttpResponse servlet) {
            ProblemResponses.write(servlet.getServletResponse(), problem);
            return;
        }
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.flush();
    }
}
