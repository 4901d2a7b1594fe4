package io.taidon.gateway.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.Resource;

/**
 * The app's {@code index.html} as the frontend build wrote it, read once, with its nonce placeholder
 * ({@value #PLACEHOLDER}, in {@code <meta name="csp-nonce" content="…">}) replaced per response.
 */
final class WebAppIndex {

    /** What the frontend's index.html holds where the nonce goes. */
    static final String PLACEHOLDER = "__CSP_NONCE__";

    private final String before;

    private final String after;

    private WebAppIndex(String html) {
        int at = html.indexOf(PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException("the web app's index.html has no " + PLACEHOLDER + " placeholder");
        }
        this.before = html.substring(0, at);
        this.after = html.substring(at + PLACEHOLDER.length());
    }

    /**
     * @param resource the built index.html
     * @return the index
     * @throws IllegalStateException when the resource is missing or has no placeholder (a broken frontend build)
     */
    static WebAppIndex load(Resource resource) {
        if (!resource.exists()) {
            throw new IllegalStateException("the web app's index.html is missing: " + resource.getDescription());
        }
        try (InputStream in = resource.getInputStream()) {
            return new WebAppIndex(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param nonce this response's CSP nonce (base64 characters only, so nothing needs escaping in the attribute)
     * @return the page
     */
    String render(String nonce) {
        return this.before + nonce + this.after;
    }
}
