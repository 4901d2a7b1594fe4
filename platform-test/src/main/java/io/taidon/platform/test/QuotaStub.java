package io.taidon.platform.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Stand-in for user-profile's quota checks ({@code POST /internal/users/{userId}/quota-checks
 * {resource, current, amount?}} → {@code {allowed: current + amount ≤ limit, limit}}) on 127.0.0.1, for services
 * whose tests do not start user-profile. Limits per resource are set by the test (default: unlimited); every
 * check is recorded. It also answers {@code GET /internal/users/{userId}/quotas} in the shape of user-profile's
 * {@code QuotasResponse} ({@link #QUOTA_FIELDS}; user-profile's {@code UserProfileIT} holds the two
 * to the same fields and types), with the per-user {@code statementTimeoutMs} and {@code runsPerMinute} the test
 * sets (default: the largest user-profile allows), counting lookups per user. Calls without a bearer token are
 * answered 401, as user-profile would. {@code GET /internal/users/{userId}/kind} answers {@code {kind}}:
 * {@code anonymous} unless the test set another ({@link #kind}). It also answers the client-credentials grant at {@code /oauth2/token} with a
 * {@link TestTokenIssuer} service token.
 *
 * <p>Held to user-profile's real controller by the contract {@code contracts/user-profile/quotas.json}
 * ({@link Contract}): replayed against this stub by {@code QuotaStubContractTests} and against user-profile by its
 * {@code UserProfileIT}.
 */
public final class QuotaStub implements AutoCloseable {

    private static final Pattern RESOURCE = Pattern.compile("\"resource\"\\s*:\\s*\"([^\"]+)\"");

    private static final Pattern CURRENT = Pattern.compile("\"current\"\\s*:\\s*(\\d+)");

    private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*(\\d+)");

    private static final Pattern QUOTAS = Pattern.compile("/internal/users/([^/]+)/quotas");

    private static final Pattern KIND = Pattern.compile("/internal/users/([^/]+)/kind");

    /** The resources user-profile knows; any other is a 400 problem there. */
    private static final List<String> RESOURCES = List.of("sandboxes", "named-snapshots", "snapshot-storage-bytes");

    private final Map<String, String> kinds = new ConcurrentHashMap<>();

    /** The fields of {@code GET /internal/users/{userId}/quotas}, as user-profile's {@code QuotasResponse} has them. */
    public static final List<String> QUOTA_FIELDS = List.of("maxSandboxes", "maxNamedSnapshots",
            "snapshotStorageBytes", "sandboxCpus", "sandboxMemoryBytes", "statementTimeoutMs", "runsPerMinute");

    private final Map<String, long[]> runQuotas = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> quotaLookups = new ConcurrentHashMap<>();

    private final HttpServer server;

    private final Map<String, Long> limits = new ConcurrentHashMap<>();

    private final List<String> checks = new CopyOnWriteArrayList<>();

    /** Starts the stub on a free loopback port. */
    public QuotaStub() {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.createContext("/internal/users/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!exchange.getRequestHeaders().containsKey("Authorization")) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            Matcher kind = KIND.matcher(exchange.getRequestURI().getPath());
            if ("GET".equals(exchange.getRequestMethod()) && kind.matches()) {
                byte[] answer = ("{\"kind\":\"" + this.kinds.getOrDefault(kind.group(1), "anonymous") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
                return;
            }
            Matcher quotas = QUOTAS.matcher(exchange.getRequestURI().getPath());
            if ("GET".equals(exchange.getRequestMethod()) && quotas.matches()) {
                this.quotaLookups.computeIfAbsent(quotas.group(1), user -> new AtomicInteger()).incrementAndGet();
                long[] run = this.runQuotas.getOrDefault(quotas.group(1), new long[] { 86_400_000, 100_000 });
                byte[] answer = ("{\"maxSandboxes\":3,\"maxNamedSnapshots\":20,\"snapshotStorageBytes\":2147483648,"
                        + "\"sandboxCpus\":1.0,\"sandboxMemoryBytes\":536870912,\"statementTimeoutMs\":" + run[0]
                        + ",\"runsPerMinute\":" + run[1] + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
                return;
            }
            String resource = group(RESOURCE, body, "unknown");
            if (!RESOURCES.contains(resource)) {
                byte[] problem = ("{\"type\":\"https://taidon.io/problems/unknown-quota-resource\",\"status\":400}")
                    .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(400, problem.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(problem);
                }
                return;
            }
            long current = Long.parseLong(group(CURRENT, body, "0"));
            long amount = Long.parseLong(group(AMOUNT, body, "1"));
            long limit = this.limits.getOrDefault(resource, Long.MAX_VALUE);
            this.checks.add(exchange.getRequestURI().getPath() + " " + resource + " " + current + "+" + amount);
            byte[] answer = ("{\"allowed\":" + (current + amount <= limit) + ",\"limit\":" + limit + "}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        this.server.createContext("/oauth2/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"access_token\":\"" + TestTokenIssuer.get().serviceToken("test-client")
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":900}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        this.server.start();
    }

    /**
     * Points the service under test at this stub for user-profile and for its own service token.
     *
     * @param registry the test's dynamic properties
     */
    public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("taidon.service-client.services.user-profile", this::url);
        registry.add("taidon.service-client.token-uri", () -> url() + "/oauth2/token");
        registry.add("taidon.service-client.client-id", () -> "test-client");
        registry.add("taidon.service-client.client-secret", () -> "test-secret");
    }

    private static String group(Pattern pattern, String body, String otherwise) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? matcher.group(1) : otherwise;
    }

    /**
     * @param userId a user
     * @param kind what {@code GET /internal/users/{userId}/kind} answers for it: {@code anonymous} or
     *        {@code registered}
     */
    public void kind(String userId, String kind) {
        this.kinds.put(userId, kind);
    }

    /** @return base URL, for {@code taidon.service-client.services.user-profile} */
    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /**
     * @param resource quota resource, e.g. {@code snapshot-storage-bytes}
     * @param limit the limit to answer with
     */
    public void limit(String resource, long limit) {
        this.limits.put(resource, limit);
    }

    /**
     * @param userId the user
     * @param statementTimeoutMs the {@code statementTimeoutMs} its quota lookups answer
     * @param runsPerMinute the {@code runsPerMinute} they answer
     */
    public void runQuotas(String userId, long statementTimeoutMs, int runsPerMinute) {
        this.runQuotas.put(userId, new long[] { statementTimeoutMs, runsPerMinute });
    }

    /**
     * @param userId the user
     * @return how many times {@code GET /internal/users/{userId}/quotas} was called for it
     */
    public int quotaLookups(String userId) {
        AtomicInteger lookups = this.quotaLookups.get(userId);
        return lookups == null ? 0 : lookups.get();
    }

    /** Removes every limit (all checks allowed). */
    public void unlimited() {
        this.limits.clear();
    }

    /** @return the checks received so far, as {@code "<path> <resource> <current>+<amount>"} */
    public List<String> checks() {
        return List.copyOf(this.checks);
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
