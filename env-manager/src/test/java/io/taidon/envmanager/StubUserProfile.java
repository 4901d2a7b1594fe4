package io.taidon.envmanager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Stand-in for user-profile's quota endpoints on 127.0.0.1 (user-profile is another service, not started by
 * env-manager's tests): {@code POST …/quota-checks} answers {@code {allowed: current < limit, limit}} with a limit the
 * test sets; {@code GET …/quotas} answers the per-sandbox quotas the test sets (default 1 CPU, 512 MiB), among
 * user-profile's other fields; {@code GET …/kind} answers {@code {kind}}, {@code anonymous} unless the test set
 * {@code registered} for the user ({@link #registered}), as user-profile's {@code UserProfileIT} holds the real one.
 */
public final class StubUserProfile {

    private static final Pattern CURRENT = Pattern.compile("\"current\"\\s*:\\s*(\\d+)");

    private final HttpServer server;

    private final AtomicLong limit = new AtomicLong(10);

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    private volatile String sandboxCpus = "1.0";

    private final AtomicLong sandboxMemoryBytes = new AtomicLong(512L * 1024 * 1024);

    /** Starts the stub on a free loopback port. */
    public StubUserProfile() {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.createContext("/internal/users/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && path.endsWith("/kind")) {
                String userId = path.substring("/internal/users/".length(), path.length() - "/kind".length());
                byte[] kind = ("{\"kind\":\"" + (this.registered.contains(userId) ? "registered" : "anonymous")
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, kind.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(kind);
                }
                return;
            }
            if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().endsWith("/quotas")) {
                byte[] quotas = ("{\"maxSandboxes\":" + this.limit.get() + ",\"maxNamedSnapshots\":10,"
                        + "\"snapshotStorageBytes\":1073741824,\"sandboxCpus\":" + this.sandboxCpus
                        + ",\"sandboxMemoryBytes\":" + this.sandboxMemoryBytes.get()
                        + ",\"statementTimeoutMs\":30000,\"runsPerMinute\":60}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, quotas.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(quotas);
                }
                return;
            }
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

    /** @param userId a user to answer {@code registered} for (a visitor who registered keeps its u_anon_ id) */
    public void registered(String userId) {
        this.registered.add(userId);
    }

    /** @param sandboxes the quota to answer with */
    public void limit(long sandboxes) {
        this.limit.set(sandboxes);
    }

    /**
     * @param cpus {@code sandboxCpus} to answer with
     * @param memoryBytes {@code sandboxMemoryBytes} to answer with
     */
    public void sandboxResources(double cpus, long memoryBytes) {
        this.sandboxCpus = Double.toString(cpus);
        this.sandboxMemoryBytes.set(memoryBytes);
    }
}
