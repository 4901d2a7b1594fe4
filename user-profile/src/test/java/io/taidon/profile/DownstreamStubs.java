package io.taidon.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.taidon.platform.test.TestTokenIssuer;

/**
 * Real HTTP stand-ins for the services user-profile calls, on one JDK {@link HttpServer} on 127.0.0.1: each service
 * lives under {@code /<service>} (its base URL), and {@code /oauth2/token} plays idp-adapter's client-credentials
 * endpoint, answering a real {@link TestTokenIssuer#serviceToken(String)} for the right client secret. Every call
 * is recorded; services can be told to fail (503) or to hang.
 *
 * <p>Held to the real services by the contracts {@code contracts/env-manager/users.json},
 * {@code contracts/snapshot-cache/users.json} and {@code contracts/platform/erasure.json} (platform-test's
 * {@code Contract}): replayed against these stand-ins by {@link DownstreamStubsContractTests} and against the real
 * services of the end-to-end suite by the launcher's {@code ContractsIT}.
 */
final class DownstreamStubs {

    static final String CLIENT_ID = "user-profile";

    static final String CLIENT_SECRET = "stub-secret-" + System.nanoTime();

    static final List<String> SERVICES = List.of("env-manager", "snapshot-cache", "sql-runner", "vcs-sync", "audit-log",
            "idp-adapter");

    /** The service token the stub's token endpoint hands out. */
    static final String SERVICE_TOKEN = TestTokenIssuer.get().serviceToken(CLIENT_ID);

    private static final DownstreamStubs INSTANCE = new DownstreamStubs();

    private final HttpServer server;

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    private final Set<String> hanging = ConcurrentHashMap.newKeySet();

    private final Map<String, String> usage = new ConcurrentHashMap<>();

    /** What the usage endpoints answer unless a test says otherwise: nothing held. */
    private static final Map<String, String> EMPTY_USAGE = Map.of("env-manager", "{\"sandboxes\":0}",
            "snapshot-cache", "{\"namedSnapshots\":0,\"storedBytes\":0}");

    private DownstreamStubs() {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server.createContext("/oauth2/token", this::token);
        for (String service : SERVICES) {
            this.server.createContext("/" + service + "/", exchange -> serve(service, exchange));
        }
        this.server.start();
    }

    static DownstreamStubs get() {
        return INSTANCE;
    }

    /**
     * Points user-profile's service client (token endpoint, client secret, base URLs) at the stubs.
     *
     * @param registry the test's dynamic properties
     */
    static void register(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + INSTANCE.server.getAddress().getPort();
        registry.add("taidon.service-client.client-id", () -> CLIENT_ID);
        registry.add("taidon.service-client.client-secret", () -> CLIENT_SECRET);
        registry.add("taidon.service-client.token-uri", () -> base + "/oauth2/token");
        for (String service : SERVICES) {
            registry.add("taidon.service-client.services." + service, () -> base + "/" + service);
        }
    }

    /**
     * @param service one of {@link #SERVICES}
     * @return the base URL the stand-in for that service answers under
     */
    String baseUrl(String service) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + service;
    }

    /** @return calls recorded so far, oldest first */
    List<Call> calls() {
        return List.copyOf(this.calls);
    }

    /** @return the recorded calls whose path mentions the user */
    List<Call> callsFor(String userId) {
        return this.calls.stream().filter(call -> call.path().contains("/" + userId)).toList();
    }

    void fail(String service) {
        this.failing.add(service);
    }

    void hang(String service) {
        this.hanging.add(service);
    }

    /**
     * @param service env-manager or snapshot-cache
     * @param json the body its usage endpoint answers
     */
    void usage(String service, String json) {
        this.usage.put(service, json);
    }

    /** Forgets failures, hangs and usage answers (recorded calls stay). */
    void reset() {
        this.failing.clear();
        this.hanging.clear();
        this.usage.clear();
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = read(exchange.getRequestBody());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        this.calls.add(new Call("idp-adapter", exchange.getRequestMethod(), "/oauth2/token", authorization));
        String expected = "Basic " + java.util.Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization) || !body.contains("grant_type=client_credentials")) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        respond(exchange, 200, "{\"access_token\":\"" + SERVICE_TOKEN
                + "\",\"token_type\":\"Bearer\",\"expires_in\":900}");
    }

    private void serve(String service, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(service.length() + 1);
        this.calls.add(new Call(service, exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Authorization")));
        read(exchange.getRequestBody());
        if (this.hanging.contains(service)) {
            try {
                Thread.sleep(10_000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (this.failing.contains(service)) {
            respond(exchange, 503, "{\"status\":503}");
            return;
        }
        if ("DELETE".equals(exchange.getRequestMethod()) && path.matches("/internal/users/[^/]+")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        String usageBody = this.usage.getOrDefault(service, EMPTY_USAGE.get(service));
        if ("GET".equals(exchange.getRequestMethod()) && path.matches("/internal/users/[^/]+/usage")
                && usageBody != null) {
            respond(exchange, 200, usageBody);
            return;
        }
        respond(exchange, 404, "{\"status\":404}");
    }

    private static String read(InputStream body) throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * One recorded call.
     *
     * @param service which stub
     * @param method HTTP method
     * @param path path below the service's base URL
     * @param authorization the Authorization header, or null
     */
    record Call(String service, String method, String path, @Nullable String authorization) {
    }
}
