package io.taidon.profile;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import io.taidon.platform.test.Contract;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * user-profile end to end on a random port with its real schema, talking real HTTP to {@link DownstreamStubs}
 * (env-manager, snapshot-cache, sql-runner, audit-log, idp-adapter and the token endpoint) on 127.0.0.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UserProfileIT {

    private static final String ADMIN = TestTokenIssuer.get().token("u_admin", "admin");

    private static final List<String> QUOTA_FIELDS = List.of("maxSandboxes", "maxNamedSnapshots",
            "snapshotStorageBytes", "sandboxCpus", "sandboxMemoryBytes", "statementTimeoutMs", "runsPerMinute");

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "profile");
        TestTokenIssuer.register(registry);
        DownstreamStubs.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.user-profile.usage-timeout", () -> "3s");
    }

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder restClientBuilder;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private CircuitBreakerRegistry circuitBreakers;

    @AfterEach
    void resetStubs() {
        DownstreamStubs.get().reset();
    }

    @Test
    void shouldCreateTheProfileOnFirstCallWithTheDefaultsOfItsKind() {
        String anonymous = newUserId();
        String learner = newUserId();
        assertThat(profileCount(anonymous)).isZero();

        JsonNode anon = me(TestTokenIssuer.get().token(anonymous, "anonymous"));
        JsonNode registered = me(learnerToken(learner, "ada@example.org"));

        assertThat(profileCount(anonymous)).isOne();
        assertThat(anon.get("userId").asString()).isEqualTo(anonymous);
        assertThat(anon.get("kind").asString()).isEqualTo("anonymous");
        assertThat(anon.get("email").isNull()).isTrue();
        assertThat(anon.get("createdAt").asString()).isNotBlank();
        assertThat(anon.get("quotas").get("maxSandboxes").asInt()).isEqualTo(1);
        assertThat(anon.get("quotas").get("statementTimeoutMs").asLong()).isEqualTo(10_000);
        assertThat(anon.get("quotas").get("snapshotStorageBytes").asLong()).isEqualTo(256L * 1024 * 1024);
        assertThat(registered.get("kind").asString()).isEqualTo("registered");
        assertThat(registered.get("email").asString()).isEqualTo("ada@example.org");
        for (String field : QUOTA_FIELDS) {
            assertThat(registered.get("quotas").get(field).asDouble()).as(field)
                .isGreaterThan(anon.get("quotas").get(field).asDouble());
        }
    }

    @Test
    void shouldFollowTheTokenWhenAnAnonymousUserRegisters() {
        String user = newUserId();
        JsonNode before = me(TestTokenIssuer.get().token(user, "anonymous"));

        JsonNode after = me(learnerToken(user, "grace@example.org"));

        assertThat(after.get("kind").asString()).isEqualTo("registered");
        assertThat(after.get("email").asString()).isEqualTo("grace@example.org");
        assertThat(after.get("createdAt").asString()).isEqualTo(before.get("createdAt").asString());
        assertThat(after.get("quotas").get("maxSandboxes").asInt()).isEqualTo(3);
        assertThat(profileCount(user)).isOne();
    }

    @Test
    void shouldShowUsageFromEnvManagerAndSnapshotCache() {
        DownstreamStubs.get().usage("env-manager", "{\"sandboxes\":2}");
        DownstreamStubs.get().usage("snapshot-cache", "{\"namedSnapshots\":4,\"storedBytes\":123456}");
        String user = newUserId();

        JsonNode usage = me(TestTokenIssuer.get().token(user, "learner")).get("usage");

        assertThat(usage.get("sandboxes").asLong()).isEqualTo(2);
        assertThat(usage.get("namedSnapshots").asLong()).isEqualTo(4);
        assertThat(usage.get("snapshotStorageBytes").asLong()).isEqualTo(123456);
        assertThat(DownstreamStubs.get().callsFor(user)).filteredOn(call -> call.path().endsWith("/usage"))
            .hasSize(2)
            .allSatisfy(call -> assertThat(call.authorization()).isEqualTo("Bearer " + DownstreamStubs.SERVICE_TOKEN));
    }

    @Test
    void shouldShowNullUsageWhenTheDownstreamsFail() {
        DownstreamStubs.get().fail("env-manager");
        DownstreamStubs.get().fail("snapshot-cache");

        ResponseEntity<JsonNode> answer = get("/api/me", TestTokenIssuer.get().token(newUserId(), "learner"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode usage = answer.getBody().get("usage");
        assertThat(usage.get("sandboxes").isNull()).isTrue();
        assertThat(usage.get("namedSnapshots").isNull()).isTrue();
        assertThat(usage.get("snapshotStorageBytes").isNull()).isTrue();
    }

    @Test
    void shouldShowNullUsageWhenTheDownstreamsDoNotAnswerInTime() {
        DownstreamStubs.get().usage("snapshot-cache", "{\"namedSnapshots\":1,\"storedBytes\":10}");
        DownstreamStubs.get().hang("env-manager");

        ResponseEntity<JsonNode> answer = get("/api/me", TestTokenIssuer.get().token(newUserId(), "learner"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode usage = answer.getBody().get("usage");
        assertThat(usage.get("sandboxes").isNull()).isTrue();
        assertThat(usage.get("namedSnapshots").asLong()).isEqualTo(1);
        assertThat(usage.get("snapshotStorageBytes").asLong()).isEqualTo(10);
    }

    @Test
    void shouldNotCallAServiceWhoseCircuitIsOpen() {
        DownstreamStubs.get().usage("env-manager", "{\"sandboxes\":1}");
        String user = newUserId();
        CircuitBreaker breaker = this.circuitBreakers.circuitBreaker("env-manager-usage");
        breaker.transitionToForcedOpenState();
        try {
            JsonNode usage = me(TestTokenIssuer.get().token(user, "learner")).get("usage");

            assertThat(usage.get("sandboxes").isNull()).isTrue();
            assertThat(usage.get("namedSnapshots").asLong()).isZero();
            assertThat(DownstreamStubs.get().callsFor(user)).extracting(DownstreamStubs.Call::service)
                .containsExactly("snapshot-cache");
        }
        finally {
            breaker.reset();
        }
        assertThat(me(TestTokenIssuer.get().token(user, "learner")).get("usage").get("sandboxes").asLong()).isOne();
    }

    @Test
    void shouldApplyAnAdminsQuotaChangeToTheInternalQuotaCheck() {
        String user = newUserId();
        me(TestTokenIssuer.get().token(user, "learner"));
        assertThat(quotaCheck(user, "{\"resource\":\"sandboxes\",\"current\":3}").get("allowed").asBoolean())
            .isFalse();

        ResponseEntity<JsonNode> put = put("/api/admin/users/" + user + "/quotas", ADMIN,
                "{\"maxSandboxes\":5,\"sandboxCpus\":2.5}");

        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(put.getBody().get("quotas").get("maxSandboxes").asInt()).isEqualTo(5);
        assertThat(put.getBody().get("overrides").get("maxNamedSnapshots").isNull()).isTrue();
        JsonNode allowed = quotaCheck(user, "{\"resource\":\"sandboxes\",\"current\":4}");
        assertThat(allowed.get("allowed").asBoolean()).isTrue();
        assertThat(allowed.get("limit").asLong()).isEqualTo(5);
        assertThat(quotaCheck(user, "{\"resource\":\"sandboxes\",\"current\":5}").get("allowed").asBoolean())
            .isFalse();
        JsonNode internal = get("/internal/users/" + user + "/quotas", DownstreamStubs.SERVICE_TOKEN).getBody();
        assertThat(internal.get("maxSandboxes").asInt()).isEqualTo(5);
        assertThat(internal.get("sandboxCpus").asDouble()).isEqualTo(2.5);
        assertThat(internal.get("maxNamedSnapshots").asInt()).isEqualTo(20);
        assertThat(get("/api/admin/users/" + user + "/quotas", ADMIN).getBody().get("overrides").get("maxSandboxes")
            .asInt()).isEqualTo(5);
        assertThat(outboxActions(user)).contains("quota.update");
    }

    /**
     * The contract QuotaStub plays for other services' tests (sql-runner reads {@code statementTimeoutMs} and
     * {@code runsPerMinute} through it): the real {@code GET /internal/users/{id}/quotas} answers the same fields, each
     * an integer or a fraction in both.
     */
    @Test
    void shouldAnswerInternalQuotasWithTheFieldsAndTypesQuotaStubPlaysWhenAServiceAsks() {
        String user = newUserId();

        JsonNode real = get("/internal/users/" + user + "/quotas", DownstreamStubs.SERVICE_TOKEN).getBody();
        JsonNode stub;
        try (QuotaStub quotaStub = new QuotaStub()) {
            stub = this.restClientBuilder.clone()
                .build()
                .get()
                .uri(quotaStub.url() + "/internal/users/" + user + "/quotas")
                .header("Authorization", "Bearer " + DownstreamStubs.SERVICE_TOKEN)
                .retrieve()
                .body(JsonNode.class);
        }

        assertThat(real.propertyNames()).containsExactlyInAnyOrderElementsOf(QuotaStub.QUOTA_FIELDS);
        assertThat(stub.propertyNames()).containsExactlyInAnyOrderElementsOf(QuotaStub.QUOTA_FIELDS);
        for (String field : QuotaStub.QUOTA_FIELDS) {
            assertThat(stub.get(field).isIntegralNumber()).as(field).isEqualTo(real.get(field).isIntegralNumber());
            assertThat(stub.get(field).isNumber()).as(field).isTrue();
        }
        // a user without a profile gets the anonymous defaults: the issue's 10 s
        assertThat(real.get("statementTimeoutMs").asLong()).isEqualTo(10_000);
        assertThat(real.get("runsPerMinute").asInt()).isEqualTo(30);
    }

    /**
     * The contract {@link QuotaStub} plays for other services' tests ({@code contracts/user-profile/quotas.json}),
     * replayed against the real controller.
     */
    @Test
    void shouldAnswerTheQuotaContractQuotaStubPlaysWhenAServiceAsks() {
        Contract.load("user-profile", "quotas").verify("http://127.0.0.1:" + this.port,
                Map.of("userId", newUserId(), "serviceToken", DownstreamStubs.SERVICE_TOKEN));
    }

    @Test
    void shouldAnswerTheKindOfAUserAsQuotaStubPlaysItAndAsTheProfileSays() {
        String user = newUserId();
        JsonNode real = get("/internal/users/" + user + "/kind", DownstreamStubs.SERVICE_TOKEN).getBody();
        JsonNode stub;
        try (QuotaStub quotaStub = new QuotaStub()) {
            stub = this.restClientBuilder.clone()
                .build()
                .get()
                .uri(quotaStub.url() + "/internal/users/" + user + "/kind")
                .header("Authorization", "Bearer " + DownstreamStubs.SERVICE_TOKEN)
                .retrieve()
                .body(JsonNode.class);
        }
        assertThat(real.propertyNames()).containsExactly("kind");
        assertThat(stub.propertyNames()).containsExactly("kind");
        assertThat(real.get("kind").asString()).isEqualTo("anonymous").isEqualTo(stub.get("kind").asString());

        // a visitor who registered keeps its u_anon_ id; its profile (synced on its next call) says registered
        String upgraded = "u_anon_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(get("/api/me", TestTokenIssuer.get().token(upgraded, "learner")).getStatusCode().value())
            .isEqualTo(200);
        assertThat(get("/internal/users/" + upgraded + "/kind", DownstreamStubs.SERVICE_TOKEN).getBody().get("kind")
            .asString()).isEqualTo("registered");
    }

    @Test
    void shouldRefuseQuotaAdministrationToNonAdmins() {
        String user = newUserId();
        String token = TestTokenIssuer.get().token(user, "learner");
        me(token);

        ResponseEntity<String> read = client().get().uri("/api/admin/users/" + user + "/quotas")
            .header("Authorization", "Bearer " + token)
            .retrieve()
            .toEntity(String.class);
        ResponseEntity<String> write = client().put().uri("/api/admin/users/" + user + "/quotas")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"maxSandboxes\":100}")
            .retrieve()
            .toEntity(String.class);

        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(write.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(write.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(write.getBody()).contains("https://taidon.io/problems/forbidden");
        assertThat(get("/internal/users/" + user + "/quotas", DownstreamStubs.SERVICE_TOKEN).getBody()
            .get("maxSandboxes").asInt()).isEqualTo(3);
    }

    @Test
    void shouldAnswer404ForAnUnknownUserAnd400ForQuotasOutOfRange() {
        String user = newUserId();
        me(TestTokenIssuer.get().token(user, "learner"));

        ResponseEntity<JsonNode> unknown = get("/api/admin/users/u_nobody_" + UUID.randomUUID() + "/quotas", ADMIN);
        ResponseEntity<JsonNode> negative = put("/api/admin/users/" + user + "/quotas", ADMIN, "{\"maxSandboxes\":-1}");
        ResponseEntity<JsonNode> noCpu = put("/api/admin/users/" + user + "/quotas", ADMIN, "{\"sandboxCpus\":0}");
        ResponseEntity<JsonNode> notJson = put("/api/admin/users/" + user + "/quotas", ADMIN, "{\"maxSandboxes\":");

        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().get("type").asString()).isEqualTo("https://taidon.io/problems/not-found");
        assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noCpu.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("/api/admin/users/" + user + "/quotas", ADMIN).getBody().get("overrides").get("maxSandboxes")
            .isNull()).isTrue();
    }

    @Test
    void shouldAnswerQuotaChecksForEveryResource() {
        String user = newUserId();
        me(TestTokenIssuer.get().token(user, "anonymous"));

        JsonNode sandboxOk = quotaCheck(user, "{\"resource\":\"sandboxes\",\"current\":0}");
        JsonNode sandboxFull = quotaCheck(user, "{\"resource\":\"sandboxes\",\"current\":1}");
        JsonNode snapshots = quotaCheck(user, "{\"resource\":\"named-snapshots\",\"current\":2}");
        JsonNode bytesOk = quotaCheck(user,
                "{\"resource\":\"snapshot-storage-bytes\",\"current\":1000,\"amount\":" + (256L * 1024 * 1024 - 1000)
                        + "}");
        JsonNode bytesOver = quotaCheck(user,
                "{\"resource\":\"snapshot-storage-bytes\",\"current\":1000,\"amount\":" + (256L * 1024 * 1024 - 999)
                        + "}");

        assertThat(sandboxOk.get("allowed").asBoolean()).isTrue();
        assertThat(sandboxOk.get("limit").asLong()).isEqualTo(1);
        assertThat(sandboxFull.get("allowed").asBoolean()).isFalse();
        assertThat(snapshots.get("allowed").asBoolean()).isTrue();
        assertThat(snapshots.get("limit").asLong()).isEqualTo(3);
        assertThat(bytesOk.get("allowed").asBoolean()).isTrue();
        assertThat(bytesOver.get("allowed").asBoolean()).isFalse();
        assertThat(bytesOver.get("limit").asLong()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void shouldRefuseBadQuotaChecks() {
        String user = newUserId();
        for (String body : List.of("{\"resource\":\"cpus\",\"current\":0}", "{\"current\":0}",
                "{\"resource\":\"sandboxes\"}", "{\"resource\":\"sandboxes\",\"current\":-1}")) {
            ResponseEntity<String> answer = postQuotaCheck(user, body, DownstreamStubs.SERVICE_TOKEN);
            assertThat(answer.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).as(body).hasToString("application/problem+json");
        }
        assertThat(postQuotaCheck(user, "{\"resource\":\"cpus\",\"current\":0}", DownstreamStubs.SERVICE_TOKEN)
            .getBody()).contains("https://taidon.io/problems/unknown-quota-resource");
        assertThat(postQuotaCheck(user, "{\"resource\":\"sandboxes\",\"current\":0}",
                TestTokenIssuer.get().token(user, "learner")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void shouldEraseEverywhereWithServiceTokensAndBeHarmlessTwice() {
        String user = newUserId();
        String token = learnerToken(user, "erase-me@example.org");
        me(token);
        put("/api/admin/users/" + user + "/quotas", ADMIN, "{\"maxSandboxes\":7}");
        assertThat(overrideCount(user)).isOne();

        ResponseEntity<String> first = delete("/api/me", token);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        List<DownstreamStubs.Call> deletes = DownstreamStubs.get().callsFor(user).stream()
            .filter(call -> call.method().equals("DELETE"))
            .toList();
        assertThat(deletes).extracting(DownstreamStubs.Call::service).containsExactlyElementsOf(DownstreamStubs.SERVICES);
        assertThat(deletes).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/internal/users/" + user);
            assertThat(call.authorization()).isEqualTo("Bearer " + DownstreamStubs.SERVICE_TOKEN);
        });
        Map<String, Object> claims = TestTokenIssuer.claimsOf(DownstreamStubs.SERVICE_TOKEN);
        assertThat(claims).containsEntry("sub", "user-profile").containsEntry("role", "service");
        assertThat(DownstreamStubs.get().calls()).anySatisfy(call -> assertThat(call.path()).isEqualTo("/oauth2/token"));
        assertThat(profileCount(user)).isZero();
        assertThat(overrideCount(user)).isZero();
        assertThat(outboxActions(user)).contains("user.erase");
        // the erased user's token is refused at once (and must not recreate a profile)
        ResponseEntity<JsonNode> afterwards = get("/api/me", token);
        assertThat(afterwards.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(profileCount(user)).isZero();

        // a repeated erasure is harmless: with a token that postdates the erasure, the cascade runs again
        String later = TestTokenIssuer.get().token(user, "learner",
                issued -> issued.issueTime(Date.from(Instant.now().plusSeconds(2))));
        ResponseEntity<String> second = delete("/api/me", later);

        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        // every service of the cascade, twice
        assertThat(DownstreamStubs.get().callsFor(user).stream().filter(call -> call.method().equals("DELETE")))
            .hasSize(2 * DownstreamStubs.SERVICES.size());
    }

    @Test
    void shouldAnswer503AndKeepEverythingWhenAServiceCannotErase() {
        String user = newUserId();
        String token = TestTokenIssuer.get().token(user, "learner");
        me(token);
        put("/api/admin/users/" + user + "/quotas", ADMIN, "{\"runsPerMinute\":9}");
        DownstreamStubs.get().fail("snapshot-cache");

        ResponseEntity<String> failed = delete("/api/me", token);

        assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(failed.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(failed.getBody()).contains("https://taidon.io/problems/service-unavailable");
        List<String> called = DownstreamStubs.get().callsFor(user).stream()
            .filter(call -> call.method().equals("DELETE"))
            .map(DownstreamStubs.Call::service)
            .toList();
        assertThat(called).contains("env-manager", "snapshot-cache").doesNotContain("sql-runner", "idp-adapter");
        assertThat(called).filteredOn("snapshot-cache"::equals).hasSize(3);
        assertThat(profileCount(user)).isOne();
        assertThat(overrideCount(user)).isOne();
        assertThat(me(token).get("quotas").get("runsPerMinute").asInt()).isEqualTo(9);

        DownstreamStubs.get().reset();
        assertThat(delete("/api/me", token).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(profileCount(user)).isZero();
    }

    @Test
    void shouldKeepServiceTokensAwayFromTheUsersOwnEndpoints() {
        ResponseEntity<JsonNode> answer = get("/api/me", DownstreamStubs.SERVICE_TOKEN);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(profileCount(DownstreamStubs.CLIENT_ID)).isZero();
    }

    private static String newUserId() {
        return "u_test_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String learnerToken(String userId, String email) {
        return TestTokenIssuer.get().token(userId, "learner", claims -> claims.claim("email", email));
    }

    private RestClient client() {
        return this.restClientBuilder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build();
    }

    private JsonNode me(String token) {
        ResponseEntity<JsonNode> answer = get("/api/me", token);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private ResponseEntity<JsonNode> get(String uri, String token) {
        return client().get().uri(uri).header("Authorization", "Bearer " + token).retrieve().toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> put(String uri, String token, String json) {
        return client().put().uri(uri)
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .retrieve()
            .toEntity(JsonNode.class);
    }

    private ResponseEntity<String> delete(String uri, String token) {
        return client().delete().uri(uri).header("Authorization", "Bearer " + token).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> postQuotaCheck(String userId, String json, String token) {
        return client().post().uri("/internal/users/" + userId + "/quota-checks")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .retrieve()
            .toEntity(String.class);
    }

    private JsonNode quotaCheck(String userId, String json) {
        ResponseEntity<JsonNode> answer = client().post().uri("/internal/users/" + userId + "/quota-checks")
            .header("Authorization", "Bearer " + DownstreamStubs.SERVICE_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .retrieve()
            .toEntity(JsonNode.class);
        assertThat(answer.getStatusCode()).as(json).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private long profileCount(String userId) {
        return this.jdbc.queryForObject("select count(*) from user_profile where user_id = ?", Long.class, userId);
    }

    private long overrideCount(String userId) {
        return this.jdbc.queryForObject("select count(*) from quota_override where user_id = ?", Long.class, userId);
    }

    private List<String> outboxActions(String userId) {
        return this.jdbc.queryForList("select action from audit_outbox where object_id = ? order by id", String.class,
                userId);
    }
}
