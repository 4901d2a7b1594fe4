package io.taidon.envmanager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.taidon.platform.test.QuotaStub;

/**
 * A {@link QuotaStub} whose {@code GET /internal/users/{userId}/quotas} answers the per-sandbox {@code sandboxCpus}
 * and {@code sandboxMemoryBytes} a test sets (QuotaStub answers fixed ones), for the docker runtime's test that each
 * container is limited by its owner's quotas. Everything else (the quota rule, the bearer-token check, the kind,
 * the other quota fields) is QuotaStub's own answer, passed through unchanged: there is one quota double, this only
 * overwrites two numbers. When QuotaStub can set them itself, this class goes.
 */
public final class SandboxResourcesOverlay implements AutoCloseable {

    private static final Pattern CPUS = Pattern.compile("\"sandboxCpus\"\\s*:\\s*[0-9.]+");

    private static final Pattern MEMORY = Pattern.compile("\"sandboxMemoryBytes\"\\s*:\\s*\\d+");

    private final QuotaStub quotas;

    private final HttpServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    private volatile double cpus = 1.0;

    private volatile long memoryBytes = 512L * 1024 * 1024;

    /** @param quotas the quota double whose answers are passed through */
    public SandboxResourcesOverlay(QuotaStub quotas) {
        this.quotas = quotas;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.createContext("/", this::forward);
        this.server.start();
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.quotas.url() + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : new String[] { "Authorization", "Content-Type" }) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
        byte[] out = answer.body();
        if (answer.statusCode() == 200 && exchange.getRequestURI().getPath().endsWith("/quotas")) {
            String json = new String(out, StandardCharsets.UTF_8);
            json = CPUS.matcher(json).replaceFirst("\"sandboxCpus\":" + this.cpus);
            json = MEMORY.matcher(json).replaceFirst("\"sandboxMemoryBytes\":" + this.memoryBytes);
            out = json.getBytes(StandardCharsets.UTF_8);
        }
        answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    /** @return base URL, for {@code taidon.service-client.services.user-profile} */
    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /**
     * @param cpus {@code sandboxCpus} to answer with, for every user
     * @param memoryBytes {@code sandboxMemoryBytes} to answer with
     */
    public void sandboxResources(double cpus, long memoryBytes) {
        this.cpus = cpus;
        this.memoryBytes = memoryBytes;
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
