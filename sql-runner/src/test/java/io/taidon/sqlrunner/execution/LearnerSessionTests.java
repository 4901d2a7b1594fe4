package io.taidon.sqlrunner.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.taidon.platform.test.Corpus;
import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;
import io.taidon.sqlrunner.script.StatementKind;

import static org.assertj.core.api.Assertions.assertThat;

/** The executor against a real PostgreSQL 18, as a plain role owning a fresh database. */
class LearnerSessionTests {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    private static final ExecutionLimits LIMITS = new ExecutionLimits(1000, 1_000_000, Duration.ofSeconds(30),
            Duration.ofSeconds(2));

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    static List<StatementResult> run(SandboxTarget target, String script, ExecutionLimits limits) throws Exception {
        List<ScriptStatement> statements = ScriptSplitter.split(script);
        ScriptPositions positions = new ScriptPositions(script);
        List<StatementResult> results = new ArrayList<>();
        try (LearnerSession session = LearnerSession.open(target, limits, TIMER)) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            for (ScriptStatement statement : statements) {
                results.add(session.execute(statement, positions, deadline));
            }
        }
        return results;
    }

    private static List<StatementResult> run(String script) throws Exception {
        return run(LearnerDatabases.create(), script, LIMITS);
    }

    @Test
    void shouldRenderEveryTypeFaithfully() throws Exception {
        List<StatementResult> results = run("""
                select 12345678901234567890.123456789000::numeric as n, '\\xDEADbeef'::bytea as b,
                       array[1,2,null]::int[] as a, '{"x": 1.50, "y": [true, null]}'::jsonb as j,
                       '1 day 02:03:04.5'::interval as i, '2024-02-29 13:14:15.123456+02'::timestamptz as t,
                       true as yes, 42::int8 as big, null::text as nothing, 'é'::text as s, 1.5::float8 as f;
                """);
        StatementResult select = results.getFirst();
        assertThat(select.error()).isNull();
        assertThat(select.commandTag()).isEqualTo("SELECT 1");
        assertThat(select.columns()).extracting(ColumnInfo::type)
            .containsExactly("numeric", "bytea", "_int4", "jsonb", "interval", "timestamptz", "bool", "int8", "text",
                    "text", "float8");
        String json = ResultJson.MAPPER.writeValueAsString(select.rows());
        assertThat(json).isEqualTo("[[\"12345678901234567890.123456789000\",\"\\\\xdeadbeef\",\"{1,2,NULL}\","
                + "{\"x\":1.50,\"y\":[true,null]},\"1 day 02:03:04.5\",\"2024-02-29 11:14:15.123456+00\",true,42,"
                + "null,\"é\",\"1.5\"]]");
    }

    @Test
    void shouldReportErrorsWithScriptPositionsAndGoOn() throws Exception {
        List<StatementResult> results = run("create table t (a int);\n-- comment\nselect a,\n       nope from t;\ninsert into t values (1), (2);\nselect * from t;");
        assertThat(results).extracting(StatementResult::status).containsExactly("ok", "error", "ok", "ok");
        StatementError error = results.get(1).error();
        assertThat(error.sqlState()).isEqualTo("42703");
        assertThat(error.message()).contains("nope");
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.column()).isEqualTo(8);
        assertThat(results.get(2).commandTag()).isEqualTo("INSERT 0 2");
        assertThat(results.get(2).rowCount()).isEqualTo(2);
        assertThat(results.get(3).rowCount()).isEqualTo(2);
    }

    @Test
    void shouldKeepAnOpenTransactionAcrossStatementsLikePsql() throws Exception {
        List<StatementResult> results = run("""
                create table t (a int);
                begin;
                insert into t values (1);
                select 1/0;
                insert into t values (2);
                rollback;
                select count(*) from t;
                """);
        assertThat(results).extracting(StatementResult::status)
            .containsExactly("ok", "ok", "ok", "error", "error", "ok", "ok");
        assertThat(results.get(4).error().sqlState()).isEqualTo("25P02");
        assertThat(results.get(6).rows().getFirst().getFirst().asLong()).isZero();
    }

    @Test
    void shouldRunCopyInAndOutAndConsumeTheDataOfAFailingCopy() throws Exception {
        List<StatementResult> results = run("""
                create table t (a int, b text);
                copy t from stdin;
                1\tone
                2\t\\N
                \\.
                copy t (a) from stdin;
                not a number
                \\.
                copy t to stdout;
                \\pset null x
                select count(*) from t;
                """);
        assertThat(results).extracting(StatementResult::status)
            .containsExactly("ok", "ok", "error", "ok", "error", "ok");
        assertThat(results.get(1).commandTag()).isEqualTo("COPY 2");
        assertThat(results.get(2).error().sqlState()).isEqualTo("22P02");
        assertThat(results.get(3).rows()).hasSize(2);
        assertThat(results.get(3).rows().getFirst().getFirst().asString()).isEqualTo("1\tone");
        assertThat(results.get(4).error().sqlState()).isEqualTo("0A000");
        assertThat(results.get(4).error().message()).contains("\\pset");
        assertThat(results.get(5).rows().getFirst().getFirst().asLong()).isEqualTo(2);
    }

    @Test
    void shouldCapRowsAndCollectNotices() throws Exception {
        ExecutionLimits small = new ExecutionLimits(5, 1_000_000, Duration.ofSeconds(30), Duration.ofSeconds(2));
        List<StatementResult> results = run(LearnerDatabases.create(),
                "select g from generate_series(1, 100) g; drop table if exists nothing_here;", small);
        assertThat(results.getFirst().rows()).hasSize(5);
        assertThat(results.getFirst().truncated()).isTrue();
        assertThat(results.get(1).notices()).singleElement().asString().startsWith("NOTICE: ").contains("nothing_here");
    }

    @Test
    void shouldSayClearlyThatAScriptNeedsPsqlVariables() throws Exception {
        List<StatementResult> results = run("\\set n 5\nselect :n;\nselect * from (values (1)) v(x) where x = :'n';\nselect 1::int;");
        assertThat(results).extracting(StatementResult::status).containsExactly("error", "error", "error", "ok");
        assertThat(results.getFirst().error().message()).contains("\\set").contains("psql variables");
        assertThat(results.get(1).error().sqlState()).isEqualTo("42601");
        assertThat(results.get(1).error().hint()).contains("psql variable");
        assertThat(results.get(2).error().hint()).contains("psql variable");
    }

    @Test
    void shouldCancelAStatementAtTheRunnersDeadlineWhateverTheLearnerSets() throws Exception {
        ExecutionLimits quick = new ExecutionLimits(100, 1_000_000, Duration.ofMillis(300), Duration.ofSeconds(2));
        List<StatementResult> results = run(LearnerDatabases.create(),
                "set statement_timeout = 0; select pg_sleep(30); select 1;", quick);
        assertThat(results.get(1).error().sqlState()).isEqualTo("57014");
        assertThat(results.get(1).error().message()).contains("time limit");
        assertThat(results.get(2).status()).isEqualTo("ok");
    }

    @Test
    void shouldCancelAtTheLearnersStatementTimeLimitWhenItIsBelowTheRunners() throws Exception {
        String script = "select pg_sleep(2); select 1;";
        List<ScriptStatement> statements = ScriptSplitter.split(script);
        ScriptPositions positions = new ScriptPositions(script);
        AtomicInteger canceledAtQuota = new AtomicInteger();
        ResultBudget limits = new ResultBudget(Long.MAX_VALUE, Duration.ofMillis(300), canceledAtQuota::incrementAndGet);
        List<StatementResult> results = new ArrayList<>();
        try (LearnerSession session = LearnerSession.open(LearnerDatabases.create(), LIMITS, TIMER)) {
            for (ScriptStatement statement : statements) {
                results.add(session.execute(statement, positions, Instant.now().plusSeconds(60), limits));
            }
        }
        assertThat(results.getFirst().error().sqlState()).isEqualTo("57014");
        assertThat(results.getFirst().error().message())
            .isEqualTo("canceled: the statement exceeded your statement time limit of 300 ms");
        assertThat(results.get(1).status()).isEqualTo("ok");
        assertThat(canceledAtQuota).hasValue(1);
    }

    @Test
    void shouldNameTheRunnersLimitWhenTheLearnersIsLarger() throws Exception {
        ExecutionLimits quick = new ExecutionLimits(100, 1_000_000, Duration.ofMillis(300), Duration.ofSeconds(2));
        String script = "select pg_sleep(30);";
        AtomicInteger canceledAtQuota = new AtomicInteger();
        ResultBudget limits = new ResultBudget(Long.MAX_VALUE, Duration.ofSeconds(10), canceledAtQuota::incrementAndGet);
        StatementResult result;
        try (LearnerSession session = LearnerSession.open(LearnerDatabases.create(), quick, TIMER)) {
            result = session.execute(ScriptSplitter.split(script).getFirst(), new ScriptPositions(script),
                    Instant.now().plusSeconds(60), limits);
        }
        assertThat(result.error().message()).isEqualTo("canceled: the statement exceeded the runner's time limit of 300 ms");
        assertThat(canceledAtQuota).hasValue(0);
    }

    @Test
    void shouldSurviveADateStyleThatPgjdbcRefuses() throws Exception {
        List<StatementResult> results = run("set datestyle = 'postgres, mdy'; select date '2024-02-29', interval '1 day';");
        assertThat(results).extracting(StatementResult::status).containsExactly("ok", "ok");
        assertThat(results.get(1).rows().getFirst().getFirst().asString()).isEqualTo("02-29-2024");
    }

    @Test
    void shouldRecordSessionSettingsAndRefuseUncacheablePoints() throws Exception {
        SandboxTarget target = LearnerDatabases.create();
        try (LearnerSession session = LearnerSession.open(target, LIMITS, TIMER)) {
            String script = "set search_path = ''; select set_config('work_mem', '8MB', false);";
            for (ScriptStatement s : ScriptSplitter.split(script)) {
                session.execute(s, new ScriptPositions(script), Instant.now().plusSeconds(30));
            }
            SessionState state = session.state();
            assertThat(state.notCacheableBecause()).isNull();
            assertThat(state.settings()).containsEntry("search_path", "\"\"").containsEntry("work_mem", "8192");
            for (String holder : List.of("begin", "create temp table tt (a int)", "prepare p as select 1",
                    "select pg_advisory_lock(1)", "listen ch")) {
                String sql = holder + ";";
                session.execute(ScriptSplitter.split(sql).getFirst(), new ScriptPositions(sql), Instant.now().plusSeconds(30));
                assertThat(session.state().notCacheableBecause()).as(holder).isNotNull();
            }
        }
        try (LearnerSession resumed = LearnerSession.open(target, LIMITS, TIMER)) {
            resumed.applySettings(java.util.Map.of("search_path", "\"\"", "work_mem", "8192"));
            assertThat(resumed.state().settings()).containsEntry("search_path", "\"\"").containsEntry("work_mem", "8192");
        }
    }

    @Test
    void shouldLoadPagilaWithOnlyTheOwnerStatementsFailing() throws Exception {
        SandboxTarget target = LearnerDatabases.create();
        String schema = Corpus.read("pagila/pagila-schema.sql");
        String data = Corpus.read("pagila/pagila-data.sql");
        List<StatementResult> results = new ArrayList<>(run(target, schema, LIMITS));
        results.addAll(run(target, data, LIMITS));
        List<StatementResult> failed = results.stream().filter(StatementResult::failed).toList();
        assertThat(failed).hasSize(57).allSatisfy(r -> assertThat(r.sql()).contains("OWNER TO postgres"));
        List<StatementResult> counts = run(target,
                "select count(*) from public.film; select count(*) from public.rental; select count(*) from public.payment;",
                LIMITS);
        assertThat(counts).extracting(r -> r.rows().getFirst().getFirst().asLong()).containsExactly(1000L, 16044L, 16049L);
    }

    @ParameterizedTest
    @CsvSource({ "bit,13", "boolean,13", "date,57", "domain,118", "enum,15", "interval,237", "json,95",
            "jsonpath,36", "numeric,139", "uuid,7" })
    void shouldFailAsManyStatementsAsPsqlForEachRegressionScript(String name, int errors) throws Exception {
        String script = Corpus.read("postgres-regress/sql/" + name + ".sql");
        List<StatementResult> results = run(LearnerDatabases.create(), script, LIMITS);
        List<ScriptStatement> statements = ScriptSplitter.split(script);
        long failed = results.stream()
            .filter(r -> statements.get(r.index() - 1).kind() != StatementKind.META)
            .filter(StatementResult::failed)
            .count();
        assertThat(failed).isEqualTo(errors);
    }
}
