package io.taidon.gateway.web;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets the standard security headers on every answer (OWASP Secure Headers Project): {@code X-Content-Type-Options:
 * nosniff}, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}, a {@code Content-Security-Policy}
 * that allows nothing for API answers (and what Swagger UI needs on its pages), and optionally
 * {@code Strict-Transport-Security}. A page of the web app ({@link WebAppPaths#isPageRequest}) gets a policy that allows
 * only its own origin, with styles also by a nonce made for this response (128 random bits, base64) and left in the
 * request attribute {@link WebAppPaths#NONCE_ATTRIBUTE} for the page to carry (CodeMirror injects style elements).
 * <p>
 * For these headers, and for the request id and CORS headers, the first value set wins: a proxied service that
 * sends its own copy cannot duplicate or override what the gateway decided.
 */
public final class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

    static final String APP_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-%s'; "
            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Set<String> OWNED = Set.of("x-content-type-options", "x-frame-options", "referrer-policy",
            "content-security-policy", "strict-transport-security", "x-request-id", "access-control-allow-origin",
            "access-control-allow-credentials", "access-control-expose-headers", "access-control-allow-methods",
            "access-control-allow-headers", "access-control-max-age");

    private final boolean hsts;

    /**
     * @param hsts whether to send {@code Strict-Transport-Security: max-age=31536000; includeSubDomains}
     */
    public SecurityHeadersFilter(boolean hsts) {
        this.hsts = hsts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = request.getRequestURI();
        if (WebAppPaths.isPageRequest(request)) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String nonce = Base64.getEncoder().encodeToString(bytes);
            request.setAttribute(WebAppPaths.NONCE_ATTRIBUTE, nonce);
            response.setHeader("Content-Security-Policy", APP_POLICY.formatted(nonce));
        }
        else {
            response.setHeader("Content-Security-Policy", path.startsWith("/swagger-ui") ? DOCS_POLICY : API_POLICY);
        }
        if (this.hsts) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        chain.doFilter(request, new FirstValueWins(response));
    }

    private static final class FirstValueWins extends HttpServletResponseWrapper {

        FirstValueWins(HttpServletResponse response) {
            super(response);
        }

        private boolean keep(String name) {
            return OWNED.contains(name.toLowerCase(Locale.ROOT)) && containsHeader(name);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!keep(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!keep(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
