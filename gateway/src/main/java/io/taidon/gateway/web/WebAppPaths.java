package io.taidon.gateway.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which paths belong to the web app the gateway serves at {@code /}: its hashed assets under {@code /assets/} and its
 * pages, i.e. {@code /} and every client route (a path whose first segment is none of the gateway's own —
 * {@code api}, {@code actuator}, {@code v3}, {@code swagger-ui}, … — and whose last segment has no dot). A page is
 * answered with the app's {@code index.html}, under a Content-Security-Policy with a nonce of its own.
 */
public final class WebAppPaths {

    /** Request attribute holding the page's CSP nonce (a {@code String}), set by {@link SecurityHeadersFilter}. */
    public static final String NONCE_ATTRIBUTE = WebAppPaths.class.getName() + ".nonce";

    /** Where the hashed assets are served. */
    public static final String ASSETS = "/assets/";

    private static final Set<String> RESERVED = Set.of("api", "actuator", "v3", "swagger-ui", "swagger-ui.html",
            "assets", "webjars", ".well-known", "login", "internal", "oauth2", "error");

    private WebAppPaths() {
    }

    /**
     * @param request a request
     * @return whether it asks for a page of the web app: a {@code GET} or {@code HEAD} of {@link #isPage(String)}
     */
    public static boolean isPageRequest(HttpServletRequest request) {
        String method = request.getMethod();
        return ("GET".equals(method) || "HEAD".equals(method))
                && isPage(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /**
     * @param path a request path (without context path)
     * @return whether it is {@code /} or a client route of the app
     */
    public static boolean isPage(String path) {
        if (path.equals("/")) {
            return true;
        }
        if (!path.startsWith("/") || path.contains(";") || path.contains("//")) {
            return false;
        }
        int end = path.indexOf('/', 1);
        String first = end < 0 ? path.substring(1) : path.substring(1, end);
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !RESERVED.contains(first) && !last.contains(".");
    }
}
