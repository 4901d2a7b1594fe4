package io.taidon.auditlog;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * audit-log end to end on a random port with its real schema in the control-plane PostgreSQL: ingest, the hash
 * chain under concurrency, tamper detection through a superuser (as an attacker with database access would), and
 * who sees which events. Tests that tamper put the row back before they return, so the chain stays valid for the
 * others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditLogIT {

    private static final String SERVICE_TOKEN = TestTokenIssuer.get().serviceToken("sql-runner");

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "audit");
        TestTokenIssuer.register(registry);
    }

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder restClientBuilder;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void shouldAppendEventsAndVerifyTheChainAsValid() {
        String user = newUserId();
        ResponseEntity<String> answer = postEvents(SERVICE_TOKEN,
                List.of(event(user, "sandbox.create", "sandbox", "sb_1"), event(user, "run.create", "run", "r_1"),
                        event(user, "sandbox.delete", "sandbox", "sb_1")));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        List<Map<String, Object>> rows = this.jdbc.queryForList(
                "select id, prev_hash, hash from audit_event where actor = ? order by id", user);
        assertThat(rows).hasSize(3);
        assertThat((byte[]) rows.get(1).get("prev_hash")).isEqualTo((byte[]) rows.get(0).get("hash"));
        assertThat((byte[]) rows.get(2).get("prev_hash")).isEqualTo((byte[]) rows.get(1).get("hash"));
        JsonNode verdict = verify();
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(verdict.get("checkedRows").asLong()).isEqualTo(rowCount());
        assertThat(verdict.get("firstBrokenId").isNull()).isTrue();
    }

    @Test
    void shouldKeepOneLinearChainUnderConcurrentAppends() throws Exception {
        long before = rowCount();
        String user = newUserId();
        int threads = 8;
        int postsPerThread = 10;
        int eventsPerPost = 5;
        List<Future<HttpStatusCode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                answers.add(pool.submit(() -> {
                    HttpStatusCode last = HttpStatus.ACCEPTED;
                    for (int p = 0; p < postsPerThread; p++) {
                        List<AuditEvent> batch = new ArrayList<>();
                        for (int e = 0; e < eventsPerPost; e++) {
                            batch.add(event(user, "run.create", "run", "r_" + thread + "_" + p + "_" + e));
                        }
                        HttpStatusCode status = postEvents(SERVICE_TOKEN, batch).getStatusCode();
                        if (status != HttpStatus.ACCEPTED) {
                            last = status;
                        }
                    }
                    return last;
                }));
            }
            for (Future<HttpStatusCode> answer : answers) {
                assertThat(answer.get()).isEqualTo(HttpStatus.ACCEPTED);
            }
        }

        assertThat(rowCount()).isEqualTo(before + (long) threads * postsPerThread * eventsPerPost);
        // a fork would show as two rows sharing one predecessor
        assertThat(this.jdbc.queryForObject("select count(distinct prev_hash) from audit_event", Long.class))
            .isEqualTo(rowCount());
        JsonNode verdict = verify();
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(verdict.get("checkedRows").asLong()).isEqualTo(rowCount());
    }

    @Test
    void shouldNameARowWhoseOutcomeWasChanged() throws SQLException {
        String user = newUserId();
        postEvents(SERVICE_TOKEN, List.of(event(user, "auth.login", "user", user),
                event(user, "auth.login", "user", user), event(user, "auth.logout", "user", user)));
        long victim = idsOf(user).get(1);

        tamper("update audit_event set outcome = 'failure' where id = " + victim);
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("valid").asBoolean()).isFalse();
            assertThat(verdict.get("firstBrokenId").asLong()).isEqualTo(victim);
            assertThat(verdict.get("checkedRows").asLong())
                .isEqualTo(this.jdbc.queryForObject("select count(*) from audit_event where id <= ?", Long.class,
                        victim));
        }
        finally {
            tamper("update audit_event set outcome = 'success' where id = " + victim);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldDetectADeletedRowAndNameTheRowAfterIt() throws SQLException {
        String user = newUserId();
        postEvents(SERVICE_TOKEN, List.of(event(user, "snapshot.create", "snapshot", "s1"),
                event(user, "snapshot.create", "snapshot", "s2"), event(user, "snapshot.create", "snapshot", "s3")));
        List<Long> ids = idsOf(user);
        long victim = ids.get(1);
        Map<String, Object> saved = this.jdbc.queryForMap("select * from audit_event where id = ?", victim);

        tamper("delete from audit_event where id = " + victim);
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("valid").asBoolean()).isFalse();
            assertThat(verdict.get("firstBrokenId").asLong()).isEqualTo(ids.get(2));
        }
        finally {
            restore(saved);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseUpdatesAndDeletesFromTheServiceRole() {
        String user = newUserId();
        postEvents(SERVICE_TOKEN, List.of(event(user, "sandbox.create", "sandbox", "sb")));
        long id = idsOf(user).getFirst();

        assertThatThrownBy(() -> this.jdbc.update("update audit_event set outcome = 'denied' where id = ?", id))
            .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> this.jdbc.update("delete from audit_event where id = ?", id))
            .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> this.jdbc.execute("truncate audit_event")).rootCause().hasMessageContaining("append-only");
        assertThat(this.jdbc.queryForObject("select outcome from audit_event where id = ?", String.class, id))
            .isEqualTo("success");
    }

    @Test
    void shouldShowAUserOnlyItsOwnEventsNewestFirst() {
        String alice = newUserId();
        String bob = newUserId();
        postEvents(SERVICE_TOKEN, List.of(event(alice, "sandbox.create", "sandbox", "sb_a"),
                event(bob, "sandbox.create", "sandbox", "sb_b"), event("env-manager", "sandbox.expire", "user", alice),
                event(bob, "run.create", "run", "r_b"), event(alice, "run.create", "run", "r_a")));

        JsonNode page = getJson("/api/audit/events?page=0&size=10", TestTokenIssuer.get().token(alice, "learner"));

        assertThat(page.get("total").asLong()).isEqualTo(3);
        List<String> objects = new ArrayList<>();
        page.get("items").forEach(item -> objects.add(item.get("objectId").asString()));
        assertThat(objects).containsExactly("r_a", alice, "sb_a");
        page.get("items").forEach(item -> assertThat(item.get("actor").asString().equals(alice)
                || alice.equals(item.get("objectId").asString())).isTrue());

        JsonNode bobsFilter = getJson("/api/audit/events?actor=" + bob, TestTokenIssuer.get().token(alice, "learner"));
        assertThat(bobsFilter.get("total").asLong()).isZero();
        assertThat(bobsFilter.get("items").isEmpty()).isTrue();
    }

    @Test
    void shouldPageTheCallersEvents() {
        String user = newUserId();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(user, "run.create", "run", "r" + i));
        }
        postEvents(SERVICE_TOKEN, events);

        JsonNode second = getJson("/api/audit/events?page=1&size=2", TestTokenIssuer.get().token(user, "anonymous"));

        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(2);
        assertThat(second.get("total").asLong()).isEqualTo(5);
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.get("items").get(0).get("objectId").asString()).isEqualTo("r2");
        assertThat(second.get("items").get(1).get("objectId").asString()).isEqualTo("r1");
    }

    @Test
    void shouldShowAdminsEveryoneAndFilterByActor() {
        String alice = newUserId();
        String bob = newUserId();
        postEvents(SERVICE_TOKEN, List.of(event(alice, "sandbox.create", "sandbox", "sb_a"),
                event(bob, "sandbox.create", "sandbox", "sb_b")));
        String admin = TestTokenIssuer.get().token("u_admin", "admin");

        JsonNode all = getJson("/api/audit/events?size=100", admin);
        JsonNode onlyBob = getJson("/api/audit/events?actor=" + bob, admin);

        assertThat(all.get("total").asLong()).isEqualTo(rowCount());
        assertThat(onlyBob.get("total").asLong()).isEqualTo(1);
        assertThat(onlyBob.get("items").get(0).get("actor").asString()).isEqualTo(bob);
    }

    @Test
    void shouldLetOnlyAdminsVerifyThroughTheApi() {
        ResponseEntity<String> learner = client().get().uri("/api/audit/verify")
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token("u_learner", "learner"))
            .retrieve()
            .toEntity(String.class);
        ResponseEntity<String> admin = client().get().uri("/api/audit/verify")
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token("u_admin", "admin"))
            .retrieve()
            .toEntity(String.class);

        assertThat(learner.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(learner.getBody()).contains("https://taidon.io/problems/forbidden");
        assertThat(admin.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(admin.getBody()).contains("\"valid\":true");
    }

    @Test
    void shouldRefuseEventsFromUserTokens() {
        String user = newUserId();
        ResponseEntity<String> answer = postEvents(TestTokenIssuer.get().token(user, "learner"),
                List.of(event(user, "sandbox.create", "sandbox", "sb")));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(idsOf(user)).isEmpty();
    }

    @Test
    void shouldAnswer400ForInvalidEventsAndAppendNothing() {
        long before = rowCount();
        String time = Instant.now().toString();
        List<String> bodies = List.of(
                "[{\"action\":\"a.b\",\"objectType\":\"user\",\"outcome\":\"success\",\"time\":\"" + time + "\"}]",
                "[{\"actor\":\"u\",\"action\":\"a.b\",\"objectType\":\"user\",\"outcome\":\"maybe\",\"time\":\""
                        + time + "\"}]",
                "[{\"actor\":\"u\",\"action\":\"a.b\",\"objectType\":\"user\",\"outcome\":\"success\"}]",
                "[{\"actor\":\" \",\"action\":\"a.b\",\"objectType\":\"user\",\"outcome\":\"success\",\"time\":\""
                        + time + "\"}]",
                "[{\"actor\":\"u\",\"action\":\"a.b\",\"objectType\":\"user\",\"outcome\":\"success\",\"time\":\""
                        + time + "\"}, null]",
                "[{\"actor\":\"u\",\"action\":\"a.b\",\"objectType\":\"user\",\"outcome\":\"success\",\"time\":\""
                        + time + "\",\"objectId\":\"" + "x".repeat(300) + "\"}]",
                "{\"actor\":\"u\"}", "[{\"actor\":\"u\",\"time\":\"yesterday\"}]", "not json");
        for (String body : bodies) {
            ResponseEntity<String> answer = client().post().uri("/internal/audit/events")
                .header("Authorization", "Bearer " + SERVICE_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toEntity(String.class);
            assertThat(answer.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).as(body).hasToString("application/problem+json");
        }
        ResponseEntity<String> badPage = client().get().uri("/api/audit/events?size=1000")
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token("u_x", "learner"))
            .retrieve()
            .toEntity(String.class);
        assertThat(badPage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badPage.getBody()).contains("https://taidon.io/problems/invalid-paging");
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void shouldAnswer400WhenTheActorFilterHoldsANulByteOrIsTooLong() {
        String admin = TestTokenIssuer.get().token("u_admin", "admin");
        for (String actor : List.of("u_anon_a%00b", "%00", "u%01x", "x".repeat(65))) {
            ResponseEntity<String> answer = client().get()
                .uri(URI.create("http://127.0.0.1:" + this.port + "/api/audit/events?actor=" + actor))
                .header("Authorization", "Bearer " + admin)
                .retrieve()
                .toEntity(String.class);
            assertThat(answer.getStatusCode()).as(actor).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).as(actor).hasToString("application/problem+json");
            assertThat(answer.getBody()).as(actor).contains("https://taidon.io/problems/invalid-actor");
        }
    }

    @Test
    void shouldCountAppendsAndVerificationsInPrometheus() {
        postEvents(SERVICE_TOKEN, List.of(event(newUserId(), "auth.login", "user", null)));
        verify();

        String metrics = client().get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(metrics).containsPattern("taidon_audit_events_appended_total\\{[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("taidon_audit_verifications_total\\{[^}]*result=\"valid\"[^}]*\\} [1-9]");
    }

    @Test
    void shouldKeepEventsWhenAUserIsErasedAndRecordTheErasure() {
        String user = newUserId();
        postEvents(SERVICE_TOKEN, List.of(event(user, "sandbox.create", "sandbox", "sb")));

        ResponseEntity<Void> answer = client().delete().uri("/internal/users/" + user)
            .header("Authorization", "Bearer " + TestTokenIssuer.get().serviceToken("user-profile"))
            .retrieve()
            .toBodilessEntity();

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(this.jdbc.queryForList("select action from audit_event where actor = ? or object_id = ? order by id",
                String.class, user, user)).containsExactly("sandbox.create", "user.erase.audit-log");
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    private static String newUserId() {
        return "u_test_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static AuditEvent event(String actor, String action, String objectType, String objectId) {
        return new AuditEvent(actor, action, objectType, objectId, AuditEvent.SUCCESS, Instant.now(),
                "req-" + UUID.randomUUID());
    }

    private RestClient client() {
        return this.restClientBuilder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build();
    }

    private ResponseEntity<String> postEvents(String token, List<AuditEvent> events) {
        return client().post().uri("/internal/audit/events")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(events)
            .retrieve()
            .toEntity(String.class);
    }

    private JsonNode verify() {
        return getJson("/internal/audit/verify", SERVICE_TOKEN);
    }

    private JsonNode getJson(String uri, String token) {
        ResponseEntity<JsonNode> answer = client().get().uri(uri)
            .header("Authorization", "Bearer " + token)
            .retrieve()
            .toEntity(JsonNode.class);
        assertThat(answer.getStatusCode()).as(uri).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private long rowCount() {
        return this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
    }

    private List<Long> idsOf(String actor) {
        return this.jdbc.queryForList("select id from audit_event where actor = ? order by id", Long.class, actor);
    }

    /** Changes rows as an attacker with database access would: as superuser, with the trigger switched off. */
    private static void tamper(String sql) throws SQLException {
        try (Connection connection = TestControlPlane.superuser().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local search_path = audit");
                statement.execute("alter table audit_event disable trigger audit_event_append_only");
                statement.execute(sql);
                statement.execute("alter table audit_event enable trigger audit_event_append_only");
            }
            connection.commit();
        }
    }

    private static void restore(Map<String, Object> row) throws SQLException {
        try (Connection connection = TestControlPlane.superuser().getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into audit.audit_event (id, actor, action, object_type, object_id, outcome,
                            event_time, request_id, received_at, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            String[] columns = { "id", "actor", "action", "object_type", "object_id", "outcome", "event_time",
                    "request_id", "received_at", "prev_hash", "hash" };
            for (int i = 0; i < columns.length; i++) {
                insert.setObject(i + 1, row.get(columns[i]));
            }
            insert.executeUpdate();
        }
    }
}
