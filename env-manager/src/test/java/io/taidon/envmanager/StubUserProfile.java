package io.taidon.envmanager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Stand-in for user-profile's quota-check endpoint on 127.0.0.1 (user-profile is another service, not started by
 * env-manager's tests): answers {@code {allowed: current < limit, limit}} with a limit the test sets.
 */
public final class StubUserProfile {

    private static final Pattern CURRENT = Pattern.compile("\"current\"\\s*:\\s*(\\d+)");

    private final HttpServer server;

    private final AtomicLong limit = new AtomicLong(10);

    /** Starts the stub on a free loopback port. */
    public StubUserProfile() {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.createContext("/internal/users/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher current = CURRENT.matcher(body);
            long count = current.find() ? Long.parseLong(current.group(1)) : Long.MAX_VALUE;
            boolean authorised = exchange.getRequestHeaders().containsKey("Authorization")
                    || exchange.getRequestURI().getPath().endsWith("/quota-checks");
            byte[] answer = ("{\"allowed\":" + (authorised && count < this.limit.get()) + ",\"limit\":"
                    + this.limit.get() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        this.server.start();
    }

    /** @return base URL */
    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** @param sandboxes the quota to answer with */
    public void limit(long sandboxes) {
        this.limit.set(sandboxes);
    }
}
