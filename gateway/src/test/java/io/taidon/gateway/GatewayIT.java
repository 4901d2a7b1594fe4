package io.taidon.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.gateway.ratelimit.RateLimitBuckets;
import io.taidon.gateway.ratelimit.RequestRateLimiter;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against real stand-ins of every service (HTTP servers on 127.0.0.1 echoing what they receive), a
 * JWKS server the test can take down, and the real control-plane PostgreSQL for the rate-limit buckets.
 * sql-runner is deliberately dead (nothing listens on its port); env-manager answers {@code …/slow} after 5 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    static final int USER_BUDGET = 5;

    static final int ADDRESS_BUDGET = 5;

    static final String WEB_APP = "http://app.taidon.test:5173";

    static final Map<String, StubService> SERVICES = new LinkedHashMap<>();

    static final JwksStub JWKS = new JwksStub();

    static final String DEAD_SQL_RUNNER = "http://127.0.0.1:" + freePort();

    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        for (String name : List.of("idp-adapter", "user-profile", "env-manager", "snapshot-cache", "audit-log",
                "vcs-sync")) {
            SERVICES.put(name, new StubService(name));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "gateway");
        TestTokenIssuer.register(registry);
        registry.add("taidon.security.jwk-set-uri", JWKS::uri);
        registry.add("taidon.security.jwks-cache-ttl", () -> "6s");
        registry.add("taidon.security.revocations-uri", JWKS::revocationsUri);
        SERVICES.forEach((name, stub) -> registry.add("taidon.service-client.services." + name, stub::baseUrl));
        registry.add("taidon.service-client.services.sql-runner", () -> DEAD_SQL_RUNNER);
        registry.add("taidon.gateway.timeouts.env-manager", () -> "500ms");
        registry.add("taidon.gateway.rate-limit.per-user", () -> USER_BUDGET);
        registry.add("taidon.gateway.rate-limit.per-address", () -> ADDRESS_BUDGET);
        registry.add("taidon.gateway.max-body-size", () -> "64KB");
        registry.add("taidon.gateway.web-app-origin", () -> WEB_APP);
        registry.add("taidon.gateway.metrics-scrapers", () -> "10.1.2.0/24");
    }

    @AfterAll
    static void stopStubs() {
        SERVICES.values().forEach(StubService::close);
    }

    @BeforeEach
    void emptyBuckets() {
        new JdbcTemplate(TestControlPlane.superuser()).update("delete from gateway.rate_limit_bucket");
        JWKS.setUp(true);
    }

    // --- authentication ---------------------------------------------------------------------------------------

    @Test
    void shouldAnswer401ProblemWhenNoToken() {
        ResponseEntity<String> answer = call(HttpMethod.GET, "/api/me", null);
        assertUnauthorized(answer);
        assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
    }

    static Stream<Arguments> forgedTokens() throws JOSEException {
        TestTokenIssuer issuer = TestTokenIssuer.get();
        ECKey sameKidOtherKey = new ECKeyGenerator(Curve.P_256).keyID(issuer.key().getKeyID()).generate();
        ECKey unknownKey = new ECKeyGenerator(Curve.P_256).keyID("unknown-" + UUID.randomUUID()).generate();
        JWTClaimsSet valid = validClaims("u_anon_forged").build();
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.key().getKeyID())
            .build(), valid);
        hs256.sign(new MACSigner(issuer.key().toECPublicKey().getEncoded()));
        return Stream.of(Arguments.of("bad signature", TestTokenIssuer.sign(valid, sameKidOtherKey)),
                Arguments.of("alg none", new PlainJWT(valid).serialize()),
                Arguments.of("HS256 keyed with the public key", hs256.serialize()),
                Arguments.of("wrong iss", issuer.token("u_anon_forged", "anonymous",
                        claims -> claims.issuer("https://evil.example"))),
                Arguments.of("wrong aud", issuer.token("u_anon_forged", "anonymous",
                        claims -> claims.audience("someone-else"))),
                Arguments.of("expired", issuer.token("u_anon_forged", "anonymous",
                        claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(300))))),
                Arguments.of("unknown kid", TestTokenIssuer.sign(valid, unknownKey)),
                Arguments.of("garbage", "not.a.jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void shouldAnswer401AndForwardNothingWhenTokenIsInvalid(String kind, String token) {
        int before = SERVICES.get("user-profile").requests();
        ResponseEntity<String> answer = call(HttpMethod.GET, "/api/me", token);
        assertUnauthorized(answer);
        assertThat(SERVICES.get("user-profile").requests()).isEqualTo(before);
    }

    @Test
    void shouldAnswer401ToEveryTokenWhenABurstCarriesUnknownKids() throws JOSEException {
        int before = SERVICES.get("user-profile").requests();
        int fetchesBefore = JWKS.fetches();
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ECKey unknownKey = new ECKeyGenerator(Curve.P_256).keyID("burst-" + i + "-" + UUID.randomUUID())
                .generate();
            tokens.add(TestTokenIssuer.sign(validClaims("u_anon_burst").build(), unknownKey));
        }
        List<ResponseEntity<String>> answers = tokens.parallelStream()
            .map(token -> call(HttpMethod.GET, "/api/me", token))
            .toList();
        answers.forEach(GatewayIT::assertUnauthorized);
        for (String token : tokens) {
            assertUnauthorized(call(HttpMethod.GET, "/api/me", token));
        }
        assertThat(SERVICES.get("user-profile").requests()).isEqualTo(before);
        // an unknown kid triggers a refetch at most once per 5 s, whatever the burst
        assertThat(JWKS.fetches() - fetchesBefore).isLessThanOrEqualTo(2);
        assertThat(call(HttpMethod.GET, "/api/me", userToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldAnswer401AndForwardNothingOnceATokenOrItsSubjectIsRevoked() {
        String erased = "u_anon_" + UUID.randomUUID();
        String erasedToken = TestTokenIssuer.get().token(erased, "anonymous");
        String loggedOutToken = userToken();
        String jti = jtiOf(loggedOutToken);
        String otherToken = userToken();
        assertThat(call(HttpMethod.GET, "/api/me", erasedToken).getStatusCode()).isEqualTo(HttpStatus.OK);

        JWKS.revocations("{\"subjects\":{\"" + erased + "\":\"" + Instant.now().plusSeconds(1)
                + "\"},\"tokens\":[\"" + jti + "\"]}");
        try {
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                assertUnauthorized(call(HttpMethod.GET, "/api/me", erasedToken));
                assertUnauthorized(call(HttpMethod.POST, "/api/sandboxes", loggedOutToken));
            });
            int before = SERVICES.get("env-manager").requests();
            assertUnauthorized(call(HttpMethod.POST, "/api/sandboxes", erasedToken));
            assertThat(SERVICES.get("env-manager").requests()).isEqualTo(before);
            assertThat(call(HttpMethod.GET, "/api/me", otherToken).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        finally {
            JWKS.revocations(JwksStub.NO_REVOCATIONS);
        }
    }

    @Test
    void shouldRequireATokenForLogoutOnly() {
        assertUnauthorized(call(HttpMethod.POST, "/api/auth/logout", null));
        ResponseEntity<String> login = call(HttpMethod.POST, "/api/auth/login", null);
        assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(echo(login).get("path").asString()).isEqualTo("/api/auth/login");
    }

    @Test
    void shouldLetAnExpiredTokenThroughToThePublicRefreshEndpoint() {
        String expired = TestTokenIssuer.get().token("u_anon_refresh", "anonymous",
                claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(300))));
        ResponseEntity<String> answer = call(HttpMethod.POST, "/api/auth/refresh", expired);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(echo(answer).get("service").asString()).isEqualTo("idp-adapter");
    }

    @Test
    void shouldKeepAcceptingTokensFromCachedKeysWhileTheJwksIsDown() {
        assertThat(call(HttpMethod.GET, "/api/me", userToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
        int fetchesBeforeOutage = JWKS.fetches();
        JWKS.setUp(false);
        // the cache lives 6 s here: keep calling until the gateway has tried (and failed) to fetch the JWKS again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(call(HttpMethod.GET, "/api/me", userToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(JWKS.fetches()).isGreaterThan(fetchesBeforeOutage);
        });
        ResponseEntity<String> during = call(HttpMethod.GET, "/api/me", userToken());
        assertThat(during.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(echo(during).get("service").asString()).isEqualTo("user-profile");
    }

    // --- routing ----------------------------------------------------------------------------------------------

    @Test
    void shouldRouteEachPathToItsServiceWithTheTokenAndTheRequestId() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("/api/me", "user-profile");
        routes.put("/api/admin/users/u_x/quotas", "user-profile");
        routes.put("/api/sandboxes/sb_1", "env-manager");
        routes.put("/api/snapshots", "snapshot-cache");
        routes.put("/api/audit/events?page=0&size=5", "audit-log");
        routes.put("/api/projects", "vcs-sync");
        routes.put("/api/projects/prj_1/files/test/001_count.sql", "vcs-sync");
        routes.put("/api/credentials", "vcs-sync");
        routes.forEach((path, service) -> {
            String token = TestTokenIssuer.get().token("u_anon_" + UUID.randomUUID(), "anonymous");
            String requestId = "req-" + UUID.randomUUID();
            ResponseEntity<String> answer = client().get()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", requestId)
                .retrieve()
                .toEntity(String.class);
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            JsonNode echo = echo(answer);
            assertThat(echo.get("service").asString()).as(path).isEqualTo(service);
            assertThat(path).startsWith(echo.get("path").asString());
            assertThat(echo.get("authorization").asString()).isEqualTo("Bearer " + token);
            assertThat(echo.get("requestId").asString()).isEqualTo(requestId);
            assertThat(answer.getHeaders().get("X-Request-Id")).containsExactly(requestId);
        });
    }

    @Test
    void shouldRouteTheSandboxCallsThatActOnRunsToSqlRunner() {
        int before = SERVICES.get("env-manager").requests();
        // sql-runner is dead here: its routes answer its 503, and env-manager sees none of them
        for (String path : List.of("/api/sandboxes/sb_1/snapshots", "/api/sandboxes/sb_1/console",
                "/api/sandboxes/sb_1/console/reset")) {
            ResponseEntity<String> answer = call(HttpMethod.POST, path, userToken());
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getBody()).as(path).contains("sql-runner");
        }
        ResponseEntity<String> schema = call(HttpMethod.GET, "/api/sandboxes/sb_1/schema", userToken());
        assertThat(schema.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(schema.getBody()).contains("sql-runner");
        assertThat(SERVICES.get("env-manager").requests()).isEqualTo(before);
        for (String path : List.of("/api/sandboxes/sb_1/restore", "/api/sandboxes/sb_1/reset", "/api/sandboxes")) {
            ResponseEntity<String> answer = call(HttpMethod.POST, path, userToken());
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(echo(answer).get("service").asString()).as(path).isEqualTo("env-manager");
        }
        // a read of the same path is env-manager's
        assertThat(echo(call(HttpMethod.GET, "/api/sandboxes/sb_1/snapshots", userToken())).get("service").asString())
            .isEqualTo("env-manager");
    }

    @Test
    void shouldForwardTheRequestIdItCreatedWhenTheCallerSentNone() {
        ResponseEntity<String> answer = call(HttpMethod.GET, "/api/snapshots/s_1", userToken());
        String created = answer.getHeaders().getFirst("X-Request-Id");
        assertThat(created).isNotBlank();
        assertThat(echo(answer).get("requestId").asString()).isEqualTo(created);
    }

    @Test
    void shouldReplaceAnUnsafeRequestIdBeforeForwardingIt() {
        ResponseEntity<String> answer = client().get()
            .uri("/api/snapshots/s_2")
            .header("Authorization", "Bearer " + userToken())
            .header("X-Request-Id", "<script>alert(1)</script>")
            .retrieve()
            .toEntity(String.class);
        String forwarded = echo(answer).get("requestId").asString();
        assertThat(forwarded).doesNotContain("<").isEqualTo(answer.getHeaders().getFirst("X-Request-Id"));
    }

    @Test
    void shouldRouteThePublicAuthEndpointsAndTheJwksWithoutAToken() {
        ResponseEntity<String> anonymous = call(HttpMethod.POST, "/api/auth/anonymous", null);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(echo(anonymous).get("service").asString()).isEqualTo("idp-adapter");
        assertThat(echo(anonymous).get("authorization").isNull()).isTrue();
        ResponseEntity<String> jwks = call(HttpMethod.GET, "/.well-known/jwks.json", null);
        assertThat(jwks.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(echo(jwks).get("path").asString()).isEqualTo("/.well-known/jwks.json");
    }

    @Test
    void shouldPassRedirectsBackToTheBrowserInsteadOfFollowingThem() {
        ResponseEntity<String> answer = call(HttpMethod.GET, "/api/auth/oidc/redirect", null);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FOUND);
        assertThat(answer.getHeaders().getFirst("Location")).isEqualTo("https://provider.example/authorize?state=s1");
    }

    @Test
    void shouldProxyEachServiceOpenApiDocumentWithoutCredentials() {
        ResponseEntity<String> docs = client().get()
            .uri("/v3/api-docs/user-profile")
            .header("Authorization", "Bearer " + userToken())
            .retrieve()
            .toEntity(String.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode echo = echo(docs);
        assertThat(echo.get("service").asString()).isEqualTo("user-profile");
        assertThat(echo.get("path").asString()).isEqualTo("/v3/api-docs");
        assertThat(echo.get("authorization").isNull()).isTrue();
        assertThat(call(HttpMethod.POST, "/v3/api-docs/user-profile", null).getStatusCode())
            .isNotEqualTo(HttpStatus.OK);
        ResponseEntity<String> config = call(HttpMethod.GET, "/v3/api-docs/gateway/swagger-config", null);
        assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(config.getBody()).contains("/v3/api-docs/idp-adapter", "/v3/api-docs/audit-log");
        assertThat(call(HttpMethod.GET, "/swagger-ui/index.html", null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldShowOnlyPublicPathsAndTheGatewayAsServerInTheProxiedOpenApiDocuments() {
        for (String service : List.of("idp-adapter", "user-profile", "env-manager", "snapshot-cache", "audit-log",
                "vcs-sync")) {
            // six documents from one address: more than this test's per-address budget (ADDRESS_BUDGET)
            emptyBuckets();
            ResponseEntity<String> docs = call(HttpMethod.GET, "/v3/api-docs/" + service, null);
            assertThat(docs.getStatusCode()).as(service).isEqualTo(HttpStatus.OK);
            JsonNode document = echo(docs);
            assertThat(document.get("service").asString()).isEqualTo(service);
            assertThat(document.get("paths").propertyNames()).as(service).containsExactly("/api/things");
            assertThat(document.get("components").get("schemas").propertyNames()).as(service)
                .containsExactlyInAnyOrder("Thing", "Part");
            assertThat(document.get("servers")).hasSize(1);
            assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo("/");
            assertThat(docs.getBody()).as(service)
                .doesNotContain("/internal", "Secret", SERVICES.get(service).baseUrl(), "127.0.0.1");
        }
    }

    @Test
    void shouldHideInternalTokenAndActuatorEndpoints() {
        int idpBefore = SERVICES.get("idp-adapter").requests();
        String service = TestTokenIssuer.get().serviceToken("user-profile");
        assertNotFound(call(HttpMethod.DELETE, "/internal/users/u_anon_x", service));
        assertNotFound(call(HttpMethod.DELETE, "/internal/users/u_anon_x", null));
        assertNotFound(call(HttpMethod.GET, "/internal/users/u_anon_x/quotas", service));
        assertNotFound(call(HttpMethod.POST, "/oauth2/token", null));
        assertNotFound(call(HttpMethod.GET, "/actuator/env", service));
        assertNotFound(call(HttpMethod.GET, "/actuator/prometheus", null));
        assertNotFound(call(HttpMethod.GET, "/api/unrouted", userToken()));
        assertThat(SERVICES.get("idp-adapter").requests()).isEqualTo(idpBefore);
        assertThat(call(HttpMethod.GET, "/actuator/health", null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    // --- rate limits ------------------------------------------------------------------------------------------

    @Test
    void shouldAnswer429WithRetryAfterOnceTheUserBudgetIsSpent() {
        String token = userToken();
        double refusedBefore = refusedCount("user");
        for (int i = 1; i <= USER_BUDGET; i++) {
            assertThat(call(HttpMethod.GET, "/api/me", token).getStatusCode()).as("request %d", i)
                .isEqualTo(HttpStatus.OK);
        }
        ResponseEntity<String> refused = call(HttpMethod.GET, "/api/sandboxes", token);
        assertRateLimited(refused);
        assertThat(refusedCount("user")).isEqualTo(refusedBefore + 1);
        // another user still has a budget
        assertThat(call(HttpMethod.GET, "/api/me", userToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldAnswer429OncTheAddressBudgetOfThePublicAuthEndpointsIsSpent() {
        for (int i = 1; i <= ADDRESS_BUDGET; i++) {
            assertThat(call(HttpMethod.POST, "/api/auth/login", null).getStatusCode()).as("request %d", i)
                .isEqualTo(HttpStatus.OK);
        }
        assertRateLimited(call(HttpMethod.POST, "/api/auth/login", null));
    }

    @Test
    void shouldShareTheBucketWithAnotherReplica() {
        String userId = "u_anon_" + UUID.randomUUID();
        String token = TestTokenIssuer.get().token(userId, "anonymous");
        assertThat(call(HttpMethod.GET, "/api/me", token).getStatusCode()).isEqualTo(HttpStatus.OK);

        // a second replica: its own ProxyManager and connection pool over the same table
        DataSource otherPool = TestControlPlane.superuser();
        ProxyManager<String> otherReplica = RateLimitBuckets.proxyManager(otherPool, "gateway.rate_limit_bucket");
        var bucket = otherReplica.builder()
            .build("user:" + userId, () -> RateLimitBuckets.budget(USER_BUDGET, Duration.ofMinutes(1)));
        assertThat(bucket.getAvailableTokens()).isEqualTo(USER_BUDGET - 1);
        assertThat(bucket.tryConsume(USER_BUDGET - 1)).isTrue();

        assertRateLimited(call(HttpMethod.GET, "/api/me", token));
    }

    // --- resilience -------------------------------------------------------------------------------------------

    @Test
    void shouldAnswer503ProblemForADeadServiceAndOpenItsBreaker() {
        for (int i = 0; i < 12; i++) {
            ResponseEntity<String> answer = call(HttpMethod.GET, "/api/runs/r_1", userToken());
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertProblem(answer, "service-unavailable");
            assertThat(answer.getBody()).contains("sql-runner").doesNotContain("Connection refused");
        }
        assertThat(this.breakers.circuitBreaker("sql-runner").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void shouldAnswer504ProblemWhenAServiceIsSlowerThanItsDeadline() {
        long start = System.nanoTime();
        ResponseEntity<String> answer = call(HttpMethod.GET, "/api/sandboxes/slow", userToken());
        System.out.printf("slow env-manager (deadline 500 ms, answers after 5000 ms): %d after %d ms%n",
                answer.getStatusCode().value(), Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertProblem(answer, "gateway-timeout");
    }

    // --- edge -------------------------------------------------------------------------------------------------

    @Test
    void shouldAnswer413ForABodyOverTheCap() {
        String token = userToken();
        ResponseEntity<String> tooLarge = client().post()
            .uri("/api/sandboxes")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/octet-stream")
            .body(new byte[65 * 1024])
            .retrieve()
            .toEntity(String.class);
        assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertProblem(tooLarge, "payload-too-large");

        ResponseEntity<String> fits = client().post()
            .uri("/api/sandboxes")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/octet-stream")
            .body(new byte[10_000])
            .retrieve()
            .toEntity(String.class);
        assertThat(fits.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(echo(fits).get("bodyLength").asLong()).isEqualTo(10_000);
    }

    @Test
    void shouldAnswer413ForAStreamedBodyWithoutLengthOverTheCap() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/sandboxes"))
            .header("Authorization", "Bearer " + userToken())
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[200 * 1024])))
            .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.body()).contains("https://taidon.io/problems/payload-too-large");
        }
    }

    @Test
    void shouldAllowCorsPreflightFromTheWebAppOnly() {
        ResponseEntity<String> allowed = client().options()
            .uri("/api/me")
            .header("Origin", WEB_APP)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .retrieve()
            .toEntity(String.class);
        assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(allowed.getHeaders().get("Access-Control-Allow-Origin")).containsExactly(WEB_APP);
        assertThat(allowed.getHeaders().getFirst("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");

        ResponseEntity<String> refused = client().options()
            .uri("/api/me")
            .header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "GET")
            .retrieve()
            .toEntity(String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getHeaders().getFirst("Access-Control-Allow-Origin")).isNull();
        assertProblem(refused, "cors-rejected");

        ResponseEntity<String> actual = client().get()
            .uri("/api/me")
            .header("Origin", WEB_APP)
            .header("Authorization", "Bearer " + userToken())
            .retrieve()
            .toEntity(String.class);
        assertThat(actual.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(actual.getHeaders().get("Access-Control-Allow-Origin")).containsExactly(WEB_APP);
    }

    @Test
    void shouldSendSecurityHeadersOnProxiedAndErrorAnswers() {
        for (ResponseEntity<String> answer : List.of(call(HttpMethod.GET, "/api/me", userToken()),
                call(HttpMethod.GET, "/api/me", null), call(HttpMethod.GET, "/internal/x", null))) {
            assertThat(answer.getHeaders().get("X-Content-Type-Options")).containsExactly("nosniff");
            assertThat(answer.getHeaders().get("X-Frame-Options")).containsExactly("DENY");
            assertThat(answer.getHeaders().get("Referrer-Policy")).containsExactly("no-referrer");
            assertThat(answer.getHeaders().getFirst("Content-Security-Policy")).contains("default-src 'none'");
        }
    }

    // --- input at the edge ------------------------------------------------------------------------------------

    @Test
    void shouldAnswer400ProblemAndForwardNothingWhenTheQueryHoldsANulByteOrABadEncoding() throws IOException {
        int before = SERVICES.get("audit-log").requests();
        for (String query : List.of("actor=%zz", "actor=%", "actor=%4")) {
            RawAnswer answer = raw("GET /api/audit/events?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + userToken() + "\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.text()).as(query).containsIgnoringCase("Content-Type: application/problem+json")
                .contains("https://taidon.io/problems/bad-request");
        }
        for (String query : List.of("actor=%00", "actor=u%00x", "actor=%C3%28", "a%01=b")) {
            ResponseEntity<String> answer = client().get()
                .uri(URI.create("http://127.0.0.1:" + this.port + "/api/audit/events?" + query))
                .header("Authorization", "Bearer " + userToken())
                .retrieve()
                .toEntity(String.class);
            assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertProblem(answer, "bad-request");
        }
        assertThat(SERVICES.get("audit-log").requests()).isEqualTo(before);
    }

    @Test
    void shouldAnswerProblemDetailWhenTomcatRefusesTheRequestItself() throws IOException {
        String bigHeader = "X-Big: " + "a".repeat(20_000) + "\r\n";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("oversized header", "GET /api/me HTTP/1.1\r\nHost: localhost\r\n" + bigHeader
                + "Connection: close\r\n\r\n");
        requests.put("bad request line", "GET /api/me bogus HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        requests.put("malformed path encoding", "GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        requests.put("control character in the path",
                "GET /api/\u0001me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            RawAnswer answer = raw(request.getValue());
            assertThat(answer.status()).as(request.getKey() + ": " + answer.text()).isIn(400, 431);
            assertThat(answer.text()).as(request.getKey())
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"https://taidon.io/problems/")
                .doesNotContain("<html", "Apache Tomcat", "Exception");
        }
    }

    @Test
    void shouldAnswer404ProblemWhenErrorIsRequestedDirectly() {
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
            ResponseEntity<String> answer = call(method, "/error", null);
            assertThat(answer.getStatusCode()).as(method.name()).isEqualTo(HttpStatus.NOT_FOUND);
            assertProblem(answer, "not-found");
        }
    }

    // --- web app ----------------------------------------------------------------------------------------------

    @Test
    void shouldServeTheIndexWithANonceOfItsOwnPerResponse() {
        ResponseEntity<String> first = call(HttpMethod.GET, "/", null);
        ResponseEntity<String> second = call(HttpMethod.GET, "/", null);
        String firstNonce = assertIndexPage(first);
        String secondNonce = assertIndexPage(second);
        assertThat(firstNonce).isNotEqualTo(secondNonce);
        assertThat(first.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("default-src 'self'; "
                + "script-src 'self'; style-src 'self' 'nonce-" + firstNonce + "'; connect-src 'self'; "
                + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }

    @Test
    void shouldServeTheIndexForAClientRouteWithoutAToken() {
        for (String route : List.of("/sandboxes", "/account", "/sandboxes/sb_123/timeline")) {
            assertIndexPage(call(HttpMethod.GET, route, null));
        }
        // an expired or forged token on a page is not examined: the page is public, the app refreshes via the API
        assertIndexPage(call(HttpMethod.GET, "/audit", "not-a-token"));
    }

    @Test
    void shouldServeHashedAssetsImmutableAndPrecompressed() throws IOException {
        String index = call(HttpMethod.GET, "/", null).getBody();
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
        assertThat(script.find()).as(index).isTrue();
        String asset = script.group(1);
        ResponseEntity<String> plain = call(HttpMethod.GET, asset, null);
        assertThat(plain.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(plain.getHeaders().getFirst("Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
        assertThat(plain.getHeaders().getFirst("Content-Encoding")).isNull();
        assertThat(plain.getHeaders().getContentType().toString()).startsWith("text/javascript");
        // over a raw socket: the JDK client behind RestClient may decode the body and drop Content-Encoding
        for (String coding : List.of("br", "gzip")) {
            RawAnswer encoded = raw("GET " + asset + " HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: " + coding
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(encoded.status()).isEqualTo(200);
            String headers = encoded.text().substring(0, encoded.text().indexOf("\r\n\r\n"));
            assertThat(headers).as(headers).containsIgnoringCase("Content-Encoding: " + coding)
                .containsIgnoringCase("Vary: Accept-Encoding")
                .containsIgnoringCase("Cache-Control: max-age=31536000, public, immutable");
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(headers);
            assertThat(length.find()).as(headers).isTrue();
            assertThat(Integer.parseInt(length.group(1))).isLessThan(plain.getBody().length() / 2);
        }
        assertNotFound(call(HttpMethod.GET, "/assets/missing-0000.js", null));
    }

    @Test
    void shouldKeepApiAndReservedPathsOffTheIndex() {
        ResponseEntity<String> unknownApi = call(HttpMethod.GET, "/api/no-such-thing", userToken());
        assertNotFound(unknownApi);
        assertThat(unknownApi.getBody()).doesNotContain("<html");
        assertThat(unknownApi.getHeaders().getFirst("Content-Security-Policy"))
            .isEqualTo("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        assertUnauthorized(call(HttpMethod.GET, "/api/no-such-thing", null));
        assertNotFound(call(HttpMethod.GET, "/actuator/env", null));
        // neither a page nor an asset: behind authentication like any other path
        assertUnauthorized(call(HttpMethod.GET, "/favicon.ico", null));
        assertUnauthorized(call(HttpMethod.POST, "/account", null));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private RestClient client() {
        return RestClient.builder()
            .requestFactory(new JdkClientHttpRequestFactory())
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build();
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String token) {
        RestClient.RequestBodySpec spec = client().method(method).uri(path);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        return spec.retrieve().toEntity(String.class);
    }

    private static String userToken() {
        return TestTokenIssuer.get().token("u_anon_" + UUID.randomUUID(), "anonymous");
    }

    private static JWTClaimsSet.Builder validClaims(String userId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(TestTokenIssuer.ISSUER)
            .audience(TestTokenIssuer.AUDIENCE)
            .subject(userId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .jwtID(UUID.randomUUID().toString())
            .claim("role", "anonymous");
    }

    private double refusedCount(String scope) {
        return this.meters.find(RequestRateLimiter.METRIC)
            .tag("scope", scope)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

    private static String jtiOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        }
        catch (java.text.ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JsonNode echo(ResponseEntity<String> answer) {
        return JSON.readTree(answer.getBody());
    }

    /** @return the nonce the page carries, after checking it is the one its policy names */
    private static String assertIndexPage(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getContentType().toString()).isEqualTo("text/html;charset=UTF-8");
        assertThat(answer.getHeaders().getFirst("Cache-Control")).isEqualTo("no-cache");
        java.util.regex.Matcher meta = java.util.regex.Pattern.compile("<meta name=\"csp-nonce\" content=\"([A-Za-z0-9+/=]{24})\">")
            .matcher(answer.getBody());
        assertThat(meta.find()).as(answer.getBody()).isTrue();
        String nonce = meta.group(1);
        assertThat(answer.getHeaders().getFirst("Content-Security-Policy")).contains("'nonce-" + nonce + "'");
        assertThat(answer.getBody()).contains("<script type=\"module\"").doesNotContain("__CSP_NONCE__");
        return nonce;
    }

    private static void assertUnauthorized(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(answer, "unauthorized");
    }

    private static void assertNotFound(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(answer, "not-found");
    }

    private static void assertRateLimited(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertProblem(answer, "rate-limited");
        long retryAfter = Long.parseLong(answer.getHeaders().getFirst("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
    }

    private static void assertProblem(ResponseEntity<String> answer, String kind) {
        assertThat(answer.getHeaders().getContentType()).as(answer.getBody()).hasToString("application/problem+json");
        assertThat(JSON.readTree(answer.getBody()).path("type").asString()).as(answer.getBody())
            .isEqualTo("https://taidon.io/problems/" + kind);
    }

    private RawAnswer raw(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new RawAnswer(status, text);
        }
    }

    /** A status line's code and the whole answer, headers included. */
    private record RawAnswer(int status, String text) {
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
