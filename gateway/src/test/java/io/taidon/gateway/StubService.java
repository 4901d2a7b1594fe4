package io.taidon.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A downstream Taidon service stand-in on 127.0.0.1 that answers every request with what it received, as JSON:
 * {@code service, method, path, query, authorization, requestId, origin, bodyLength}. A path ending in
 * {@code /slow} waits 5 s before answering; one ending in {@code /redirect} answers 302 to an outside URL. It also sends its own {@code X-Frame-Options: SAMEORIGIN} so tests can
 * check the gateway's header wins.
 */
final class StubService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;

    private final HttpServer server;

    private final AtomicInteger requests = new AtomicInteger();

    StubService(String name) {
        this.name = name;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server.createContext("/", this::echo);
        this.server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** @return how many requests reached this service */
    int requests() {
        return this.requests.get();
    }

    private void echo(HttpExchange exchange) throws IOException {
        this.requests.incrementAndGet();
        long bodyLength;
        try (InputStream body = exchange.getRequestBody()) {
            bodyLength = body.transferTo(OutputStream.nullOutputStream());
        }
        if (exchange.getRequestURI().getPath().endsWith("/slow")) {
            try {
                Thread.sleep(5_000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (exchange.getRequestURI().getPath().endsWith("/redirect")) {
            exchange.getResponseHeaders().set("Location", "https://provider.example/authorize?state=s1");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("service", this.name);
        echo.put("method", exchange.getRequestMethod());
        echo.put("path", exchange.getRequestURI().getPath());
        echo.put("query", exchange.getRequestURI().getQuery());
        echo.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        echo.put("requestId", exchange.getRequestHeaders().getFirst("X-Request-Id"));
        echo.put("origin", exchange.getRequestHeaders().getFirst("Origin"));
        echo.put("bodyLength", bodyLength);
        if (exchange.getRequestURI().getPath().equals("/v3/api-docs")) {
            // what springdoc would describe: public and internal paths, the service's own address as server
            echo.put("openapi", "3.1.0");
            echo.put("servers", List.of(Map.of("url", baseUrl())));
            Map<String, Object> thing = Map.of("$ref", "#/components/schemas/Thing");
            Map<String, Object> secret = Map.of("$ref", "#/components/schemas/Secret");
            echo.put("paths", Map.of(
                    "/api/things", Map.of("get", Map.of("responses", Map.of("200", Map.of("content",
                            Map.of("application/json", Map.of("schema", thing)))))),
                    "/internal/things", Map.of("post", Map.of("requestBody", Map.of("content",
                            Map.of("application/json", Map.of("schema", secret)))))));
            echo.put("components", Map.of("schemas", Map.of(
                    "Thing", Map.of("type", "object", "properties",
                            Map.of("part", Map.of("$ref", "#/components/schemas/Part"))),
                    "Part", Map.of("type", "string"),
                    "Secret", Map.of("type", "object"))));
        }
        byte[] answer = JSON.writeValueAsString(echo).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Frame-Options", "SAMEORIGIN");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
