package io.taidon.platform.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.taidon.platform.security.TaidonRoles;

/**
 * A test stand-in for idp-adapter's signing side: an ES256 key, a real JWKS served over HTTP on 127.0.0.1, and
 * tokens with Taidon's claims. One per test JVM.
 */
public final class TestTokenIssuer {

    /** Issuer the fixture signs with and services expect in tests. */
    public static final String ISSUER = "http://localhost:8080";

    /** Audience the fixture signs with. */
    public static final String AUDIENCE = "taidon";

    private static final TestTokenIssuer INSTANCE = new TestTokenIssuer();

    private final ECKey key;

    private final HttpServer server;

    private TestTokenIssuer() {
        try {
            this.key = new ECKeyGenerator(Curve.P_256).keyID("test-" + UUID.randomUUID()).generate();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        this.server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        this.server.start();
    }

    /** @return the JVM's issuer */
    public static TestTokenIssuer get() {
        return INSTANCE;
    }

    /**
     * Registers {@code taidon.security.*} so the service under test trusts this issuer.
     *
     * @param registry the test's dynamic properties
     */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("taidon.security.jwk-set-uri", INSTANCE::jwkSetUri);
        registry.add("taidon.security.issuer", () -> ISSUER);
        registry.add("taidon.security.audience", () -> AUDIENCE);
    }

    /** @return URL of the JWKS */
    public String jwkSetUri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** @return the signing key (private part included), for tests that forge tokens */
    public ECKey key() {
        return this.key;
    }

    /**
     * @param userId the {@code sub}
     * @param role the {@code role} claim ({@link TaidonRoles})
     * @return a valid signed token, 15 minutes
     */
    public String token(String userId, String role) {
        return token(userId, role, claims -> {
        });
    }

    /**
     * @param serviceName the calling service's name
     * @return a valid service token
     */
    public String serviceToken(String serviceName) {
        return token(serviceName, TaidonRoles.SERVICE);
    }

    /**
     * @param userId the {@code sub}
     * @param role the {@code role} claim
     * @param customizer changes to the claims before signing (wrong issuer, expired, …)
     * @return the signed token
     */
    public String token(String userId, String role, Consumer<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
            .audience(List.of(AUDIENCE))
            .subject(userId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
            .jwtID(UUID.randomUUID().toString())
            .claim(TaidonRoles.CLAIM, role);
        customizer.accept(claims);
        return sign(claims.build(), this.key);
    }

    /**
     * @param claims the claims
     * @param signingKey an EC P-256 private key
     * @return compact JWS with ES256 and the key's {@code kid}
     */
    public static String sign(JWTClaimsSet claims, ECKey signingKey) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(),
                    claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return the claims as a map, for assertions */
    public static Map<String, Object> claimsOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getClaims();
        }
        catch (java.text.ParseException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
