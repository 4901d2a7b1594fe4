package io.taidon.sqlrunner.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.taidon.platform.test.Corpus;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;
import io.taidon.sqlrunner.execution.ResultJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/runs} end to end: real HTTP, a real env-manager stand-in on loopback, user-profile's quotas from
 * platform-test's {@link QuotaStub} (held to user-profile's real controller by user-profile's {@code UserProfileIT}),
 * real PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunApiIT {

    private static final EnvManagerStub ENV_MANAGER = startStub();

    private static final QuotaStub USER_PROFILE = new QuotaStub();

    private static final JsonMapper JSON = ResultJson.MAPPER;

    private static final String TAIL = """
            create schema shop;
            set search_path = shop, public;
            create table item (id int primary key, price numeric(10,2), tags text[], doc jsonb);
            insert into item values (1, 9.90, '{a,b}', '{"k": 1.50}'), (2, 0.10, null, null);
            select nope from item;
            """;

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder builder;

    @Autowired
    private RunRepository runs;

    @Autowired
    private CachePointRepository cachePoints;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "runs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.service-client.services.env-manager", ENV_MANAGER::baseUrl);
        USER_PROFILE.register(registry);
        registry.add("taidon.sql-runner.lock-wait", () -> "300ms");
        registry.add("taidon.sql-runner.quotas.saves-per-minute", () -> "3");
        // chain snapshots are ChainSnapshotRunIT's; here a lookup would go to a snapshot-cache that does not run
        registry.add("taidon.sql-runner.chain-snapshots.enabled", () -> "false");
    }

    @AfterAll
    static void stopStub() {
        ENV_MANAGER.close();
        USER_PROFILE.close();
    }

    private static EnvManagerStub startStub() {
        try {
            return new EnvManagerStub();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private ResponseEntity<String> post(String userId, Map<String, Object> body) {
        return post(userId, "/api/runs", body);
    }

    private ResponseEntity<String> post(String userId, String path, Map<String, Object> body) {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build()
            .post()
            .uri(path)
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token(userId, "anonymous"))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .retrieve()
            .toEntity(String.class);
    }

    /** {@code POST /api/runs?sandboxId=…} with the script itself as an {@code application/sql} body. */
    private ResponseEntity<String> postSql(String userId, byte[] script, String sandboxId) {
        return postSql(userId, script, Map.of("sandboxId", sandboxId));
    }

    /** {@code POST /api/runs?…} with an {@code application/sql} body and the given query parameters. */
    private ResponseEntity<String> postSql(String userId, byte[] script, Map<String, String> parameters) {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build()
            .post()
            .uri(uri -> {
                uri.path("/api/runs");
                parameters.forEach(uri::queryParam);
                return uri.build();
            })
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token(userId, "anonymous"))
            .contentType(MediaType.parseMediaType("application/sql"))
            .body(script)
            .retrieve()
            .toEntity(String.class);
    }

    /** {@code DELETE /internal/users/{id}} with user-profile's service token, as the erasure cascade calls it. */
    private ResponseEntity<Void> erase(String userId) {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .build()
            .delete()
            .uri("/internal/users/{id}", userId)
            .header("Authorization", "Bearer " + TestTokenIssuer.get().serviceToken("user-profile"))
            .retrieve()
            .toBodilessEntity();
    }

    /** @return sql-runner's {@code /actuator/prometheus} text */
    private String prometheus() {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .build()
            .get()
            .uri("/actuator/prometheus")
            .retrieve()
            .body(String.class);
    }

    private JsonNode run(String userId, String sql) {
        ResponseEntity<String> answer = post(userId, Map.of("sql", sql));
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return JSON.readTree(answer.getBody());
    }

    /** A statement's result without what may differ between runs (duration, source). */
    private static List<JsonNode> comparable(JsonNode statements) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode statement : statements) {
            ObjectNode copy = (ObjectNode) statement.deepCopy();
            copy.remove("durationMs");
            copy.remove("source");
            out.add(copy);
        }
        return out;
    }

    private static List<String> sources(JsonNode statements) {
        List<String> out = new ArrayList<>();
        statements.forEach(s -> out.add(s.get("source").asString()));
        return out;
    }

    @Test
    void shouldKeepARunsAnswerWithinItsBudgetWhenEveryStatementReturnsMegabytes() {
        // the reliability probe: ten 2 MB values answered 20 MB; the run's budget is 16 MB (4 MB per statement)
        String script = "select repeat('z', 2000000);\n".repeat(10) + "select 'last';";
        ResponseEntity<String> answer = post("u_anon_budget", Map.of("sql", script));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().length()).isLessThan(17_000_000);
        JsonNode statements = JSON.readTree(answer.getBody()).get("statements");
        assertThat(statements).hasSize(11);
        assertThat(statements.get(0).at("/rows/0/0").asString()).hasSize(2_000_000);
        JsonNode cut = statements.get(9);
        assertThat(cut.get("status").asString()).isEqualTo("ok");
        assertThat(cut.get("truncated").asBoolean()).isTrue();
        assertThat(cut.get("rows")).isEmpty();
        assertThat(cut.get("notices").toString()).contains("run's limit");
        assertThat(statements.get(10).at("/rows/0/0").asString()).isEqualTo("last");
    }

    @Test
    void shouldServeTheTailFromALayerWithTheResultsOfACacheOffRun() {
        String user = "u_anon_cache";
        JsonNode first = run(user, TAIL + "select count(*) from item;");
        assertThat(first.at("/cache/hitDepth").asInt()).isZero();
        assertThat(first.at("/cache/replayed").asInt()).isEqualTo(5);
        assertThat(first.at("/cache/layerCreated").asBoolean()).isTrue();
        assertThat(sources(first.get("statements"))).containsExactly("replayed", "replayed", "replayed", "replayed",
                "replayed", "executed");

        String second = TAIL + "select id, price, tags, doc from item order by id;";
        ResponseEntity<String> hotAnswer = post(user, Map.of("sql", second));
        assertThat(hotAnswer.getBody()).contains("{\"k\":1.50}");
        JsonNode hot = JSON.readTree(hotAnswer.getBody());
        assertThat(hot.get("sandboxId").asString()).isEqualTo(first.get("sandboxId").asString());
        assertThat(hot.at("/cache/hitDepth").asInt()).isEqualTo(5);
        assertThat(hot.at("/cache/replayed").asInt()).isZero();
        assertThat(sources(hot.get("statements"))).containsExactly("cache", "cache", "cache", "cache", "cache",
                "executed");
        // the head relies on the search_path set in the tail: session settings were carried over
        JsonNode head = hot.get("statements").get(5);
        assertThat(head.get("status").asString()).isEqualTo("ok");
        assertThat(head.get("rows").toString())
            .isEqualTo("[[1,\"9.90\",\"{a,b}\",{\"k\":1.50}],[2,\"0.10\",null,null]]");
        JsonNode error = hot.get("statements").get(4).get("error");
        assertThat(error.get("sqlState").asString()).isEqualTo("42703");
        assertThat(error.get("line").asInt()).isEqualTo(5);
        assertThat(error.get("column").asInt()).isEqualTo(8);

        JsonNode cold = run("u_anon_cacheoff", second);
        assertThat(cold.at("/cache/hitDepth").asInt()).isZero();
        assertThat(comparable(hot.get("statements"))).isEqualTo(comparable(cold.get("statements")));

        assertThat(this.runs.findByUserId(user)).extracting(RunEntity::hitDepth).containsExactlyInAnyOrder(0, 5);
    }

    @Test
    void shouldReplayWhenTheLayerIsGoneAndStillAnswerTheSame() {
        String user = "u_anon_evicted";
        JsonNode first = run(user, TAIL + "select 1;");
        ENV_MANAGER.evictLayers(first.get("sandboxId").asString());
        JsonNode again = run(user, TAIL + "select 1;");
        assertThat(again.at("/cache/hitDepth").asInt()).isZero();
        assertThat(again.at("/cache/replayed").asInt()).isEqualTo(5);
        assertThat(comparable(again.get("statements"))).isEqualTo(comparable(first.get("statements")));
    }

    @Test
    void shouldNotCacheAPointInsideAnOpenTransaction() {
        JsonNode first = run("u_anon_tx", "begin; create table t (a int); insert into t values (1); select * from t;");
        assertThat(first.at("/cache/layerCreated").asBoolean()).isFalse();
        JsonNode again = run("u_anon_tx", "begin; create table t (a int); insert into t values (1); select count(*) from t;");
        assertThat(again.at("/cache/hitDepth").asInt()).isZero();
        assertThat(again.get("statements").get(3).get("rows").toString()).isEqualTo("[[1]]");
    }

    /**
     * Cache equivalence on real scripts: the script plus a head, run three times — first in a fresh sandbox (the
     * tail's prefix cached as a layer), then the same with a new head on the warm sandbox (prefix from the layer,
     * one statement replayed), then cache-off in another user's fresh sandbox. Every result must be the same.
     */
    @ParameterizedTest
    @CsvSource({ "pagila,true", "postgres-regress/sql/interval.sql,true", "postgres-regress/sql/date.sql,true",
            "postgres-regress/sql/domain.sql,false" })
    void shouldAnswerTheSameWithAndWithoutTheCacheOnTheCorpus(String name, boolean cacheable) {
        String script = name.equals("pagila")
                ? Corpus.read("pagila/pagila-schema.sql") + "\n" + Corpus.read("pagila/pagila-data.sql")
                : Corpus.read(name);
        String head = name.equals("pagila") ? "select count(*) from public.rental;" : "select now() is not null;";
        String user = "u_anon_eq" + Math.abs(name.hashCode());
        JsonNode first = run(user, script);
        // domain.sql ends holding temp tables and a prepared statement: no layer may be stored there
        assertThat(first.at("/cache/layerCreated").asBoolean()).isEqualTo(cacheable);
        JsonNode warm = run(user, script + "\n" + head);
        int statements = warm.get("statements").size();
        assertThat(warm.at("/cache/hitDepth").asInt()).isEqualTo(cacheable ? statements - 2 : 0);
        assertThat(warm.at("/cache/replayed").asInt()).isEqualTo(cacheable ? 1 : statements - 1);
        // cache off: the same sandbox (same database name, which information_schema shows) without its layers
        ENV_MANAGER.evictLayers(warm.get("sandboxId").asString());
        JsonNode cold = run(user, script + "\n" + head);
        assertThat(cold.at("/cache/hitDepth").asInt()).isZero();
        // hot path: the same tail again, served by the session kept clean at the tail's layer
        int resets = ENV_MANAGER.resets.get();
        JsonNode hot = run(user, script + "\n" + head);
        assertThat(hot.at("/cache/hitDepth").asInt()).isEqualTo(cacheable ? statements - 1 : 0);
        assertThat(ENV_MANAGER.resets.get() == resets).as("reset skipped").isEqualTo(cacheable);
        assertThat(comparable(hot.get("statements"))).isEqualTo(comparable(cold.get("statements")));
        List<JsonNode> warmResults = comparable(warm.get("statements"));
        List<JsonNode> coldResults = comparable(cold.get("statements"));
        List<JsonNode> firstResults = comparable(first.get("statements"));
        for (int i = 0; i < statements; i++) {
            assertThat(warmResults.get(i)).as("statement %d, cache vs cache off", i + 1).isEqualTo(coldResults.get(i));
            if (i < statements - 1) {
                assertThat(warmResults.get(i)).as("statement %d, cache vs first run", i + 1)
                    .isEqualTo(firstResults.get(i));
            }
        }
        if (name.equals("pagila")) {
            assertThat(warm.get("statements").get(statements - 1).get("rows").toString()).isEqualTo("[[16044]]");
            assertThat(warm.get("statements").findValues("error").stream().filter(e -> !e.isNull()).count())
                .isEqualTo(57);
        }
    }

    /**
     * The hot path: a run of an unchanged tail uses the session kept clean at the tail's layer (no reset, no
     * reconnect) when the previous head ran in a rolled-back transaction and left the session as it found it. Each
     * head's results equal a cache-off run in a fresh sandbox, and no head's writes reach the next run, whichever
     * path it took.
     */
    @Test
    void shouldAnswerHeadsOnTheHotPathAsACacheOffRunWould() {
        String tail = """
                create schema shop;
                set search_path = shop;
                create table item (id serial primary key, price numeric(10,2));
                insert into item (price) values (9.90), (0.10);
                create table parent (id int primary key);
                create table child (p int references parent deferrable initially deferred);
                """;
        String rows = "select id, price from item order by id;";
        List<String> heads = List.of("select count(*) from item;", "insert into item (price) values (1) returning id;",
                "insert into item (price) values (1) returning id;", "update item set price = 0 where id = 1;", rows,
                "insert into child values (42);", "insert into item (id, price) values (1, 0);", "vacuum item;", rows,
                rows, "set search_path = public;", "select count(*) from item;", "begin;", rows);
        // whether the run was served by the kept session: only after a head that ran in a rolled-back transaction
        // and left the session clean (not after nextval, VACUUM or an open transaction)
        List<Boolean> expectedWarm = List.of(false, true, false, false, true, true, true, true, false, true, true,
                true, true, false);
        String user = "u_anon_hot";
        List<Boolean> warm = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            int resets = ENV_MANAGER.resets.get();
            int connections = ENV_MANAGER.connectionCalls.get();
            JsonNode hot = run(user, tail + heads.get(i));
            warm.add(ENV_MANAGER.resets.get() == resets && ENV_MANAGER.connectionCalls.get() == connections);
            if (i > 0) {
                assertThat(hot.at("/cache/hitDepth").asInt()).as("run %d", i).isEqualTo(6);
            }
            JsonNode cold = run("u_anon_cold" + i, tail + heads.get(i));
            assertThat(cold.at("/cache/hitDepth").asInt()).isZero();
            assertThat(comparable(hot.get("statements"))).as("head %d: %s", i, heads.get(i))
                .isEqualTo(comparable(cold.get("statements")));
            JsonNode head = hot.get("statements").get(6);
            switch (i) {
                case 1, 2 -> assertThat(head.at("/rows/0/0").asString()).isEqualTo("3");
                // the tail's rows, untouched by the heads before (ids are rendered by the column's type, "serial")
                case 4, 8, 9, 13 -> assertThat(List.of(head.at("/rows/0/0").asString(), head.at("/rows/0/1").asString(),
                        head.at("/rows/1/0").asString(), head.at("/rows/1/1").asString(), head.get("rows").size()))
                    .containsExactly("1", "9.90", "2", "0.10", 2);
                case 5 -> assertThat(head.at("/error/sqlState").asString()).isEqualTo("23503");
                case 6 -> assertThat(head.at("/error/sqlState").asString()).isEqualTo("23505");
                case 11 -> assertThat(head.get("rows").toString()).isEqualTo("[[2]]");
                default -> assertThat(head.get("status").asString()).isEqualTo("ok");
            }
        }
        assertThat(warm).isEqualTo(expectedWarm);
    }

    @Test
    void shouldKeepTransactionStartRulesAsPsqlDoes() {
        // psql -X runs each of these without an error: nothing the runner does may run inside the learner's
        // transaction before its first statement (25001 "must be called before any query")
        String tail = """
                create table t (a int);
                insert into t values (1);
                """;
        List<String> heads = List.of("select count(*) from t;", "begin;", "set transaction read write;",
                "set transaction isolation level serializable;", "select count(*) from t;", "commit;");
        String user = "u_anon_txn";
        StringBuilder script = new StringBuilder(tail);
        for (String head : heads) {
            script.append(head).append('\n');
            JsonNode answer = run(user, script.toString());
            JsonNode cold = run(user + "_cold_" + head.length(), script.toString());
            assertThat(answer.get("statements")).as(script.toString())
                .allSatisfy(statement -> assertThat(statement.get("status").asString()).as(statement.toString())
                    .isEqualTo("ok"));
            assertThat(comparable(answer.get("statements"))).isEqualTo(comparable(cold.get("statements")));
        }
        JsonNode again = run(user, tail + "begin;\nset transaction isolation level repeatable read;\nshow transaction_isolation;");
        assertThat(again.get("statements").get(4).at("/rows/0/0").asString()).isEqualTo("repeatable read");
    }

    /**
     * A hot re-run of the default sandbox asks env-manager nothing (the kept session knows the sandbox, the tail is
     * recognised without splitting it again); once that sandbox is deleted, the next run finds the user's new
     * default sandbox and replays there, with the same answer.
     */
    @Test
    void shouldKnowTheDefaultSandboxOfAKeptSessionAndNoticeItsDeletion() {
        String user = "u_anon_default";
        String tail = "create table t (a int);\ninsert into t values (1), (2);\n";
        JsonNode first = run(user, tail + "select sum(a) from t;");
        run(user, tail + "select count(*) from t;");
        int defaults = ENV_MANAGER.defaultCalls.get();
        int connections = ENV_MANAGER.connectionCalls.get();
        JsonNode hot = run(user, tail + "select max(a) from t;");
        assertThat(ENV_MANAGER.defaultCalls.get()).isEqualTo(defaults);
        assertThat(ENV_MANAGER.connectionCalls.get()).isEqualTo(connections);
        assertThat(sources(hot.get("statements"))).containsExactly("cache", "cache", "executed");
        assertThat(hot.at("/statements/2/rows").toString()).isEqualTo("[[2]]");
        assertThat(hot.at("/statements/1/commandTag").asString()).isEqualTo("INSERT 0 2");

        ENV_MANAGER.delete(first.get("sandboxId").asString());
        JsonNode after = run(user, tail + "select max(a) from t;");
        assertThat(after.get("sandboxId").asString()).isNotEqualTo(first.get("sandboxId").asString());
        assertThat(after.at("/cache/hitDepth").asInt()).isZero();
        assertThat(comparable(after.get("statements"))).isEqualTo(comparable(hot.get("statements")));
    }

    @Test
    void shouldAnswerAnApplicationSqlBodyAsTheSameScriptInJson() {
        String script = TAIL + "select id, price, tags, doc from item order by id; -- naïve €\n";
        JsonNode json = run("u_anon_json_form", script);
        ResponseEntity<String> answer = postSql("u_anon_sql_form", script.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        JsonNode sql = JSON.readTree(answer.getBody());
        assertThat(comparable(sql.get("statements"))).isEqualTo(comparable(json.get("statements")));
        // the same user's re-run with a new head, in the sandbox named by the query parameter: the tail is cached
        String sandboxId = sql.get("sandboxId").asString();
        ResponseEntity<String> again = postSql("u_anon_sql_form",
                (TAIL + "select count(*) from item;").getBytes(StandardCharsets.UTF_8), sandboxId);
        JsonNode hot = JSON.readTree(again.getBody());
        assertThat(hot.get("sandboxId").asString()).isEqualTo(sandboxId);
        assertThat(hot.at("/cache/hitDepth").asInt()).isEqualTo(5);
        assertThat(hot.at("/statements/5/rows/0/0").asLong()).isEqualTo(2);
        // another user naming that sandbox: 404; bytes that are not UTF-8 and an empty body: 400
        assertThat(postSql("u_anon_intruder", "select 1;".getBytes(StandardCharsets.UTF_8), sandboxId)
            .getStatusCode().value()).isEqualTo(404);
        ResponseEntity<String> latin1 = postSql("u_anon_sql_form",
                "select 'na\u00efve';".getBytes(StandardCharsets.ISO_8859_1), Map.of());
        assertThat(latin1.getStatusCode().value()).isEqualTo(400);
        assertThat(latin1.getBody()).contains("https://taidon.io/problems/invalid-sql");
        assertThat(postSql("u_anon_sql_form", new byte[0], Map.of()).getStatusCode().value()).isEqualTo(400);
    }

    /**
     * A re-run that names the previous run's tail ({@code tailRef}) and sends only the text after it answers as the
     * whole script would; a tail the runner does not keep for the sandbox is 409, another user's sandbox 404.
     */
    @Test
    void shouldRunTheTextAfterANamedTailAsTheWholeScript() {
        String user = "u_anon_tail_ref";
        String head = "select id, price from item order by id; -- naïve €";
        JsonNode first = run(user, TAIL + "select count(*) from item;");
        String ref = first.at("/tail/ref").asString();
        int length = first.at("/tail/length").asInt();
        assertThat(ref).matches("[0-9a-f]{64}");
        // the tail's text ends with its last statement's terminator
        assertThat(TAIL.substring(0, length)).endsWith("select nope from item;");
        String sandboxId = first.get("sandboxId").asString();

        ResponseEntity<String> answer = post(user, Map.of("tailRef", ref, "sql", (TAIL + head).substring(length)));
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        JsonNode named = JSON.readTree(answer.getBody());
        JsonNode whole = run("u_anon_tail_whole", TAIL + head);
        assertThat(named.at("/cache/hitDepth").asInt()).isEqualTo(5);
        assertThat(sources(named.get("statements"))).containsExactly("cache", "cache", "cache", "cache", "cache",
                "executed");
        assertThat(comparable(named.get("statements"))).isEqualTo(comparable(whole.get("statements")));
        assertThat(named.at("/tail/ref").asString()).isEqualTo(ref);

        // two statements after the tail, as application/sql: the first is replayed, positions count from the start
        String two = "\nselect count(*) from item;\nselect nope2 from item;";
        ResponseEntity<String> sqlForm = postSql(user, two.getBytes(StandardCharsets.UTF_8),
                Map.of("sandboxId", sandboxId, "tailRef", ref));
        assertThat(sqlForm.getStatusCode().value()).as(sqlForm.getBody()).isEqualTo(200);
        JsonNode longer = JSON.readTree(sqlForm.getBody());
        JsonNode wholeLonger = run("u_anon_tail_whole2", TAIL.substring(0, length) + two);
        assertThat(comparable(longer.get("statements"))).isEqualTo(comparable(wholeLonger.get("statements")));
        assertThat(List.of(longer.at("/statements/6/error/sqlState").asString(),
                longer.at("/statements/6/error/line").asInt(), longer.at("/statements/6/error/column").asInt()))
            .containsExactly("42703", 7, 8);
        String refAfterLonger = longer.at("/tail/ref").asString();
        assertThat(refAfterLonger).isNotEqualTo(ref);

        // the sandbox's tail is now another one: the old ref is unknown (409), the new one serves
        ResponseEntity<String> stale = post(user, Map.of("tailRef", ref, "sql", "\nselect 2;"));
        assertThat(stale.getStatusCode().value()).isEqualTo(409);
        assertThat(stale.getBody()).contains("https://taidon.io/problems/tail-unknown");
        // (that tail ends after "select count(*) from item;": the failed head is not part of it)
        ResponseEntity<String> fresh = post(user, Map.of("tailRef", refAfterLonger, "sql", "\nselect 3;"));
        assertThat(fresh.getStatusCode().value()).as(fresh.getBody()).isEqualTo(200);
        JsonNode afterLonger = JSON.readTree(fresh.getBody());
        assertThat(afterLonger.at("/cache/hitDepth").asInt()).isEqualTo(6);
        assertThat(afterLonger.at("/statements/6/rows/0/0").asInt()).isEqualTo(3);
        // another user: their own default sandbox keeps nothing (409); naming this sandbox is 404
        ResponseEntity<String> other = post("u_anon_tail_other", Map.of("tailRef", refAfterLonger, "sql", "select 4;"));
        assertThat(other.getStatusCode().value()).isEqualTo(409);
        ResponseEntity<String> intruder = post("u_anon_tail_other",
                Map.of("tailRef", refAfterLonger, "sql", "select 5;", "sandboxId", sandboxId));
        assertThat(intruder.getStatusCode().value()).isEqualTo(404);
        assertThat(prometheus()).containsPattern("taidon_runs_tail_refs_total\\{[^}]*outcome=\"served\"")
            .containsPattern("taidon_runs_tail_refs_total\\{[^}]*outcome=\"unknown\"");
    }

    @Test
    void shouldAnswer404ForAnotherUsersSandbox() {
        JsonNode mine = run("u_anon_owner", "select 1;");
        ResponseEntity<String> answer = post("u_anon_intruder",
                Map.of("sql", "select 1;", "sandboxId", mine.get("sandboxId").asString()));
        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getBody()).contains("https://taidon.io/problems/not-found");
        ResponseEntity<String> own = post("u_anon_owner",
                Map.of("sql", "select 2;", "sandboxId", mine.get("sandboxId").asString()));
        assertThat(own.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void shouldAnswer409WhileAnotherRunHoldsTheSandbox() throws Exception {
        String user = "u_anon_busy";
        run(user, "select 1;");
        int before = ENV_MANAGER.connectionCalls.get();
        CompletableFuture<ResponseEntity<String>> slow = CompletableFuture
            .supplyAsync(() -> post(user, Map.of("sql", "select 1; select pg_sleep(4);")));
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
            .until(() -> ENV_MANAGER.connectionCalls.get() != before || slow.isDone());
        ResponseEntity<String> second = post(user, Map.of("sql", "select 2;"));
        assertThat(second.getStatusCode().value()).isEqualTo(409);
        assertThat(second.getBody()).contains("https://taidon.io/problems/run-in-progress");
        assertThat(slow.get().getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void shouldReportMetaCommandsAndLexicalErrorsPerStatement() {
        JsonNode answer = run("u_anon_meta", "\\c chinook\nselect 1;\nselect 'open");
        JsonNode statements = answer.get("statements");
        assertThat(statements.get(0).at("/error/sqlState").asString()).isEqualTo("0A000");
        assertThat(statements.get(0).at("/error/message").asString()).contains("\\c");
        assertThat(statements.get(1).get("status").asString()).isEqualTo("ok");
        assertThat(statements.get(2).at("/error/message").asString()).contains("unterminated quoted string");
    }

    @Test
    void shouldRejectAnEmptyScriptAndNulWith400() {
        assertThat(post("u_anon_bad", Map.of("sql", "  ")).getStatusCode().value()).isEqualTo(400);
        ResponseEntity<String> nul = post("u_anon_bad", Map.of("sql", "select 1;\u0000"));
        assertThat(nul.getStatusCode().value()).isEqualTo(400);
        assertThat(nul.getBody()).contains("https://taidon.io/problems/invalid-sql");
        // 2.9 million characters, but 8.7 MB of UTF-8: over the 8 MB cap
        ResponseEntity<String> large = post("u_anon_bad", Map.of("sql", "select '" + "€".repeat(2_900_000) + "';"));
        assertThat(large.getStatusCode().value()).isEqualTo(400);
        assertThat(large.getBody()).contains("https://taidon.io/problems/script-too-large");
    }

    @Test
    void shouldEraseTheUsersRunsAndCachePoints() {
        String user = "u_anon_erase";
        run(user, "create table t (a int); select 1;");
        assertThat(this.runs.findByUserId(user)).isNotEmpty();
        assertThat(this.cachePoints.countByUserId(user)).isPositive();
        assertThat(erase(user).getStatusCode().value()).isEqualTo(204);
        assertThat(this.runs.findByUserId(user)).isEmpty();
        assertThat(this.cachePoints.countByUserId(user)).isZero();
    }

    @Test
    void shouldCancelAStatementAtTheUsersStatementTimeLimitWhenItIsBelowTheRunners() {
        String user = "u_anon_timeout_" + UUID.randomUUID();
        USER_PROFILE.runQuotas(user, 300, 100);

        JsonNode answer = run(user, "select pg_sleep(2);\nselect 'next' as after;");

        JsonNode slept = answer.get("statements").get(0);
        assertThat(slept.get("status").asString()).isEqualTo("error");
        assertThat(slept.get("error").get("sqlState").asString()).isEqualTo("57014");
        assertThat(slept.get("error").get("message").asString())
            .isEqualTo("canceled: the statement exceeded your statement time limit of 300 ms");
        assertThat(answer.get("statements").get(1).get("status").asString()).isEqualTo("ok");
        assertThat(answer.get("statements").get(1).get("rows").toString()).isEqualTo("[[\"next\"]]");
        assertThat(prometheus()).containsPattern("taidon_runs_statements_canceled_total\\{[^}]*limit=\"user\"[^}]*} [1-9]");
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenTheUsersRunsPerMinuteAreSpent() {
        String user = "u_anon_rate_" + UUID.randomUUID();
        String other = "u_anon_rate_other_" + UUID.randomUUID();
        USER_PROFILE.runQuotas(user, 10_000, 2);
        USER_PROFILE.runQuotas(other, 10_000, 2);

        ResponseEntity<String> first = post(user, Map.of("sql", "select 1;"));
        ResponseEntity<String> second = post(user, Map.of("sql", "select 2;"));
        int sandboxCalls = ENV_MANAGER.defaultCalls.get() + ENV_MANAGER.connectionCalls.get();
        ResponseEntity<String> third = post(user, Map.of("sql", "select 3;"));
        int sandboxCallsOfTheRefusedRun = ENV_MANAGER.defaultCalls.get() + ENV_MANAGER.connectionCalls.get()
                - sandboxCalls;
        ResponseEntity<String> another = post(other, Map.of("sql", "select 4;"));

        assertThat(first.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getStatusCode().value()).isEqualTo(200);
        assertThat(third.getStatusCode().value()).isEqualTo(429);
        assertThat(third.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(Long.parseLong(third.getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
        JsonNode problem = JSON.readTree(third.getBody());
        assertThat(problem.get("type").asString()).isEqualTo("https://taidon.io/problems/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asString()).contains("2 runs per minute");
        assertThat(sandboxCallsOfTheRefusedRun).isZero();
        assertThat(another.getStatusCode().value()).isEqualTo(200);
        // three runs of one user, one lookup: the quotas are cached
        assertThat(USER_PROFILE.quotaLookups(user)).isEqualTo(1);
        assertThat(prometheus()).containsPattern("taidon_runs_refused_total\\{[^}]*reason=\"rate-limit\"[^}]*} [1-9]");
    }

    @Test
    void shouldRefuseEveryRunWhenTheUsersRunsPerMinuteAreZero() {
        String user = "u_anon_norun_" + UUID.randomUUID();
        USER_PROFILE.runQuotas(user, 10_000, 0);

        ResponseEntity<String> refused = post(user, Map.of("sql", "select 1;"));

        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("60");
        assertThat(refused.getBody()).contains("https://taidon.io/problems/rate-limited");
    }

    @Test
    void shouldForgetTheUsersQuotasAndBucketsWhenTheUserIsErased() {
        String user = "u_anon_erase_quota_" + UUID.randomUUID();
        USER_PROFILE.runQuotas(user, 10_000, 1);
        assertThat(post(user, Map.of("sql", "select 1;")).getStatusCode().value()).isEqualTo(200);
        assertThat(post(user, Map.of("sql", "select 1;")).getStatusCode().value()).isEqualTo(429);

        erase(user);
        // tokens issued up to the erasure are revoked (401, refused before any quota is counted); a token issued
        // after it (iat has whole seconds) is the user's again
        ResponseEntity<String> afterErasure = org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(5))
            .pollInterval(java.time.Duration.ofMillis(200))
            .until(() -> post(user, Map.of("sql", "select 1;")), answer -> answer.getStatusCode().value() != 401);

        // the erased user's bucket went with it, and its quotas are read again
        assertThat(afterErasure.getStatusCode().value()).isEqualTo(200);
        assertThat(USER_PROFILE.quotaLookups(user)).isEqualTo(2);
    }

    @Test
    void shouldPublishCacheAndHeadMetrics() {
        run("u_anon_metrics", "create table t (a int); select 1/0;");
        run("u_anon_metrics", "create table t (a int); select 1;");
        assertThat(prometheus()).containsPattern("taidon_runs_cache_total\\{[^}]*level=\"layer\"")
            .containsPattern("taidon_runs_cache_total\\{[^}]*level=\"miss\"")
            .contains("taidon_runs_head_seconds_bucket")
            .containsPattern("taidon_runs_duration_seconds_bucket\\{[^}]*level=\"layer\"")
            .contains("taidon_runs_statements_replayed_total")
            .containsPattern("taidon_runs_errors_total\\{[^}]*sqlstate_class=\"22\"");
    }

    private JsonNode console(String userId, String sandboxId, String sql) {
        ResponseEntity<String> answer = post(userId, "/api/sandboxes/" + sandboxId + "/console", Map.of("sql", sql));
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return JSON.readTree(answer.getBody());
    }

    @Test
    void shouldAccumulateConsoleCallsOnTheBaseAndKeepThemFromScriptRuns() {
        String sandbox = run("u_anon_console", "select 1;").path("sandboxId").asString();
        console("u_anon_console", sandbox, "create table c (x int);");
        JsonNode inserted = console("u_anon_console", sandbox, "insert into c values (1), (2);");
        assertThat(inserted.path("statements").get(0).path("rowCount").asLong()).isEqualTo(2);
        assertThat(inserted.path("journalStatements").asInt()).isEqualTo(2);
        JsonNode counted = console("u_anon_console", sandbox, "select count(*) from c;");
        assertThat(counted.path("statements")).hasSize(1);
        assertThat(counted.path("statements").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(counted.path("statements").get(0).path("rows").toString()).isEqualTo("[[2]]");
        JsonNode again = console("u_anon_console", sandbox, "select sum(x) from c;");
        assertThat(again.path("statements").get(0).path("rows").toString()).isEqualTo("[[3]]");
        // the journal is the tail: the cache serves at least the part the last call left as a layer
        assertThat(again.path("cache").path("hitDepth").asInt()).as(again.toString()).isGreaterThanOrEqualTo(2);

        // an error is placed within the call, not within journal + call
        JsonNode failed = console("u_anon_console", sandbox, "select 1;\nselect nope from c;");
        // both statements of the call ran now, whatever the run did with the first one
        assertThat(sources(failed.path("statements"))).containsExactly("executed", "executed");
        JsonNode error = failed.path("statements").get(1).path("error");
        assertThat(failed.path("statements").get(1).path("index").asInt()).isEqualTo(2);
        assertThat(error.path("sqlState").asString()).isEqualTo("42703");
        assertThat(error.path("line").asInt()).isEqualTo(2);

        // no transaction spans calls: one left open is rolled back and reported
        JsonNode open = console("u_anon_console", sandbox, "begin;\ninsert into c values (3);");
        assertThat(open.path("transactionRolledBack").asBoolean()).isTrue();
        assertThat(console("u_anon_console", sandbox, "select count(*) from c;").path("statements").get(0)
            .path("rows").toString()).isEqualTo("[[2]]");

        // script runs start from the base and never see the journal
        JsonNode script = JSON.readTree(post("u_anon_console",
                Map.of("sql", "select count(*) from c;", "sandboxId", sandbox)).getBody());
        assertThat(script.path("statements").get(0).path("error").path("sqlState").asString()).isEqualTo("42P01");

        assertThat(post("u_anon_stranger", "/api/sandboxes/" + sandbox + "/console", Map.of("sql", "select 1;"))
            .getStatusCode().value()).isEqualTo(404);
        assertThat(post("u_anon_console", "/api/sandboxes/" + sandbox + "/console", Map.of("sql", "  \n "))
            .getStatusCode().value()).isEqualTo(400);
        assertThat(post("u_anon_console", "/api/sandboxes/" + sandbox + "/console/reset", Map.of())
            .getStatusCode().value()).isEqualTo(204);
        assertThat(console("u_anon_console", sandbox, "select count(*) from c;").path("statements").get(0)
            .path("error").path("sqlState").asString()).isEqualTo("42P01");
    }

    @Test
    void shouldSaveWhatTheLearnerLastSawAndLimitSavesPerMinute() throws Exception {
        // the head (the insert) runs in a transaction the runner rolls back; the save applies it first
        JsonNode ran = run("u_anon_saver", "create table s (x int);\ninsert into s values (1), (2);");
        String sandbox = ran.path("sandboxId").asString();
        assertThat(ran.path("tail").isObject()).as("the session was kept: the head was rolled back").isTrue();
        ResponseEntity<String> saved = post("u_anon_saver", "/api/sandboxes/" + sandbox + "/snapshots",
                Map.of("name", "two rows"));
        assertThat(saved.getStatusCode().value()).as(saved.getBody()).isEqualTo(201);
        String first = JSON.readTree(saved.getBody()).path("snapshotId").asString();
        assertThat(ENV_MANAGER.querySaved(first, "select count(*) from s")).isEqualTo("2");

        // the next run starts from the base as always, and a second save applies nothing twice
        JsonNode again = run("u_anon_saver", "create table s (x int);\ninsert into s values (1), (2);\n"
                + "select count(*) from s;");
        assertThat(again.path("statements").get(2).path("rows").toString()).isEqualTo("[[2]]");
        ResponseEntity<String> second = post("u_anon_saver", "/api/sandboxes/" + sandbox + "/snapshots", Map.of());
        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(201);
        assertThat(ENV_MANAGER.querySaved(JSON.readTree(second.getBody()).path("snapshotId").asString(),
                "select count(*) from s")).isEqualTo("2");

        assertThat(post("u_anon_other", "/api/sandboxes/" + sandbox + "/snapshots", Map.of()).getStatusCode().value())
            .isEqualTo(404);
        assertThat(post("u_anon_saver", "/api/sandboxes/" + sandbox + "/snapshots", Map.of()).getStatusCode().value())
            .isEqualTo(201);
        // saves-per-minute is 3 here: the fourth is refused before any sandbox work
        ResponseEntity<String> refused = post("u_anon_saver", "/api/sandboxes/" + sandbox + "/snapshots", Map.of());
        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
        assertThat(JSON.readTree(refused.getBody()).path("type").asString()).endsWith("/rate-limited");
    }

    @Test
    void shouldDescribeTheLearnerDatabaseForTheSchemaBrowser() {
        String sandbox = run("u_anon_schema", "select 1;").path("sandboxId").asString();
        console("u_anon_schema", sandbox, "create table pet (id int primary key, name text not null default 'x',"
                + " price numeric(10,2), tags text[]);\ncreate index pet_name on pet (name);\n"
                + "create view cheap as select * from pet where price < 1;\ninsert into pet values (1, 'Rex');\n"
                + "analyze pet;\nselect 1;");
        ResponseEntity<String> answer = get("u_anon_schema", "/api/sandboxes/" + sandbox + "/schema");
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        JsonNode schema = JSON.readTree(answer.getBody());
        JsonNode pet = null;
        for (JsonNode relation : schema.path("relations")) {
            if (relation.path("name").asString().equals("pet")) {
                pet = relation;
            }
        }
        assertThat(pet).as(answer.getBody()).isNotNull();
        assertThat(pet.path("kind").asString()).isEqualTo("table");
        assertThat(pet.path("rowEstimate").asLong()).isEqualTo(1);
        assertThat(pet.path("columns")).extracting(column -> column.path("name").asString() + " "
                + column.path("type").asString() + " " + column.path("nullable").asBoolean())
            .containsExactly("id integer false", "name text false", "price numeric(10,2) true", "tags text[] true");
        assertThat(pet.path("columns").get(1).path("defaultValue").asString()).isEqualTo("'x'::text");
        assertThat(pet.path("indexes")).extracting(index -> index.path("name").asString())
            .containsExactly("pet_name", "pet_pkey");
        assertThat(answer.getBody()).contains("\"name\":\"cheap\",\"kind\":\"view\"")
            .doesNotContain("pg_catalog");
        assertThat(schema.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void shouldFollowARunsProgressAndCancelItOnTheServer() throws Exception {
        String user = "u_anon_cancel";
        String runId = UUID.randomUUID().toString();
        String token = TestTokenIssuer.get().token(user, "anonymous");
        HttpClient http = HttpClient.newHttpClient();
        // subscribed before the run is posted, with the run id the client chose
        CompletableFuture<HttpResponse<Stream<String>>> events =
                http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + this.port + "/api/runs/" + runId + "/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build(), HttpResponse.BodyHandlers.ofLines());
        String script = "select pg_sleep(0.1);\n".repeat(60) + "select 1;";
        CompletableFuture<ResponseEntity<String>> answer = CompletableFuture
            .supplyAsync(() -> post(user, Map.of("sql", script, "runId", runId)));

        JsonNode progress = await().atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> {
                ResponseEntity<String> polled = get(user, "/api/runs/" + runId);
                return polled.getStatusCode().value() == 200 ? JSON.readTree(polled.getBody()) : null;
            }, polled -> polled != null && polled.path("state").asString().equals("replaying")
                    && polled.path("statement").asInt() > 2);
        assertThat(progress.path("state").asString()).as(progress.toString()).isEqualTo("replaying");
        assertThat(progress.path("statements").asInt()).isEqualTo(61);
        assertThat(get("u_anon_stranger", "/api/runs/" + runId).getStatusCode().value()).isEqualTo(404);
        assertThat(delete("u_anon_stranger", "/api/runs/" + runId).getStatusCode().value()).isEqualTo(404);

        assertThat(delete(user, "/api/runs/" + runId).getStatusCode().value()).isEqualTo(202);
        ResponseEntity<String> canceled = answer.get(30, TimeUnit.SECONDS);
        assertThat(canceled.getStatusCode().value()).as(canceled.getBody()).isEqualTo(409);
        assertThat(JSON.readTree(canceled.getBody()).path("type").asString()).endsWith("/run-canceled");
        assertThat(JSON.readTree(get(user, "/api/runs/" + runId).getBody()).path("state").asString())
            .isEqualTo("canceled");
        List<String> lines = events.get(30, TimeUnit.SECONDS).body().toList();
        assertThat(String.join("\n", lines)).contains("event:progress").contains("\"state\":\"replaying\"")
            .contains("event:end").contains("\"state\":\"canceled\"");

        // nothing of it was cached, the id is used up, and the next run works
        assertThat(post(user, Map.of("sql", "select 2;", "runId", runId)).getStatusCode().value()).isEqualTo(409);
        assertThat(post(user, Map.of("sql", "select 2;", "runId", "not-a-uuid")).getStatusCode().value())
            .isEqualTo(400);
        JsonNode next = run(user, script.replace("pg_sleep(0.1)", "pg_sleep(0)"));
        assertThat(next.path("cache").path("hitDepth").asInt()).isZero();
    }

    private ResponseEntity<String> get(String userId, String path) {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build()
            .get()
            .uri(path)
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token(userId, "anonymous"))
            .retrieve()
            .toEntity(String.class);
    }

    private ResponseEntity<String> delete(String userId, String path) {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build()
            .delete()
            .uri(path)
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token(userId, "anonymous"))
            .retrieve()
            .toEntity(String.class);
    }

    @Test
    void shouldListTheRunHistoryOfASandboxWithItsScripts() {
        JsonNode first = run("u_anon_history", "select 'first';");
        String sandbox = first.path("sandboxId").asString();
        String longer = "select '" + "x".repeat(400) + "';";
        assertThat(post("u_anon_history", Map.of("sql", longer, "sandboxId", sandbox)).getStatusCode().value())
            .isEqualTo(200);
        JsonNode second = run("u_anon_history", "select 'second';");
        ResponseEntity<String> listed = get("u_anon_history", "/api/runs?sandboxId=" + sandbox + "&size=10");
        assertThat(listed.getStatusCode().value()).as(listed.getBody()).isEqualTo(200);
        JsonNode items = JSON.readTree(listed.getBody()).path("items");
        assertThat(items).extracting(item -> item.path("runId").asString())
            .startsWith(second.path("runId").asString()).contains(first.path("runId").asString());
        assertThat(items.get(0).path("sql").asString()).isEqualTo("select 'second';");
        assertThat(items.get(1).path("sql").asString()).hasSize(RunHistory.PREVIEW_CHARS);
        assertThat(items.get(1).path("sqlCut").asBoolean()).isTrue();
        // the whole script of an answered run, and nothing for others
        String longRun = items.get(1).path("runId").asString();
        assertThat(JSON.readTree(get("u_anon_history", "/api/runs/" + longRun).getBody()).path("sql").asString())
            .isEqualTo(longer);
        assertThat(get("u_anon_other", "/api/runs/" + longRun).getStatusCode().value()).isEqualTo(404);
        assertThat(JSON.readTree(get("u_anon_other", "/api/runs?sandboxId=" + sandbox).getBody()).path("items"))
            .isEmpty();
        assertThat(get("u_anon_history", "/api/runs?sandboxId=" + sandbox + "&size=1000").getStatusCode().value())
            .isEqualTo(400);
    }
}
