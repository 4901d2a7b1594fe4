package io.taidon.gateway.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import io.taidon.platform.problem.Problems;

/**
 * Keeps what is not public off the public port, answering 404 as if it did not exist: {@code /internal/**} (service
 * to service calls, including the platform's erasure endpoint), {@code /oauth2/**} (client credentials) and every
 * actuator endpoint except health. {@code /actuator/prometheus} answers only the configured scraper addresses.
 * Runs before security so the answer does not depend on the caller's token.
 */
public final class PublicSurfaceFilter extends OncePerRequestFilter {

    private final List<IpAddressMatcher> scrapers;

    /**
     * @param scrapers CIDR blocks (RFC 4632) allowed to read Prometheus metrics
     */
    public PublicSurfaceFilter(List<String> scrapers) {
        this.scrapers = scrapers.stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isHidden(request)) {
            ProblemResponses.write(response, Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "No resource at this path."));
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isHidden(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (startsWithSegment(path, "/internal") || startsWithSegment(path, "/oauth2")) {
            return true;
        }
        if (!startsWithSegment(path, "/actuator")) {
            return false;
        }
        if (startsWithSegment(path, "/actuator/health")) {
            return false;
        }
        if (path.equals("/actuator/prometheus")) {
            String address = request.getRemoteAddr();
            return this.scrapers.stream().noneMatch(matcher -> matcher.matches(address));
        }
        return true;
    }

    private static boolean startsWithSegment(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ";");
    }
}
