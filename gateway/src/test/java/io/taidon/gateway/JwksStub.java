package io.taidon.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

import io.taidon.platform.test.TestTokenIssuer;

/**
 * Serves the {@link TestTokenIssuer}'s public key as a JWKS on 127.0.0.1, and can stop serving it (answering 503)
 * to simulate an idp-adapter outage. Counts every fetch. Also stands in for idp-adapter's revocation set
 * ({@code GET /internal/revocations}).
 *
 * <p>Held to idp-adapter's real controllers by the contract {@code contracts/idp-adapter/keys.json} (platform-test's
 * {@code Contract}): replayed against this stub by {@link JwksStubContractTests} and against the real idp-adapter
 * of the end-to-end suite by the launcher's {@code ContractsIT}.
 */
final class JwksStub {

    /** idp-adapter's revocation set with nothing revoked. */
    static final String NO_REVOCATIONS = "{\"subjects\":{},\"tokens\":[]}";

    private final HttpServer server;

    private final AtomicBoolean up = new AtomicBoolean(true);

    private final AtomicInteger fetches = new AtomicInteger();

    private final AtomicReference<String> revocations = new AtomicReference<>(NO_REVOCATIONS);

    JwksStub() {
        byte[] jwks = new JWKSet(TestTokenIssuer.get().key().toPublicJWK()).toString()
            .getBytes(StandardCharsets.UTF_8);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.createContext("/.well-known/jwks.json", exchange -> {
            this.fetches.incrementAndGet();
            if (!this.up.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        this.server.createContext("/internal/revocations", exchange -> {
            byte[] body = this.revocations.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.server.start();
    }

    String revocationsUri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/internal/revocations";
    }

    /** @param json what {@code GET /internal/revocations} answers from now on */
    void revocations(String json) {
        this.revocations.set(json);
    }

    /** @return the base URL the stub answers under (JWKS and revocations) */
    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    String uri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    void setUp(boolean serving) {
        this.up.set(serving);
    }

    int fetches() {
        return this.fetches.get();
    }
}
