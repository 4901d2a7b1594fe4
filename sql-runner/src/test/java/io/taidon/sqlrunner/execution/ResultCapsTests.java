package io.taidon.sqlrunner.execution;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner's result is capped before sql-runner holds it, whatever the script selects: each test measures the bytes
 * the executing thread allocated ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) while a
 * statement returned far more than the caps, against a real PostgreSQL.
 */
class ResultCapsTests {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    /** 1,000 rows and 1 MB per statement. */
    private static final ExecutionLimits LIMITS = new ExecutionLimits(1000, 1_000_000, Duration.ofSeconds(60),
            Duration.ofSeconds(2));

    /** Far below what the statements below send (hundreds of MB), far above the caps. */
    private static final long ALLOCATION_CEILING = 64L * 1024 * 1024;

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A statement's result and the bytes the thread allocated to get it. */
    private record Measured(StatementResult result, long allocated) {
    }

    private static List<Measured> run(String script, ResultBudget budget) throws Exception {
        List<Measured> measured = new ArrayList<>();
        ScriptPositions positions = new ScriptPositions(script);
        try (LearnerSession session = LearnerSession.open(LearnerDatabases.create(), LIMITS, TIMER)) {
            for (ScriptStatement statement : ScriptSplitter.split(script)) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                StatementResult result = session.execute(statement, positions, Instant.now().plusSeconds(120), budget);
                measured.add(new Measured(result, THREADS.getCurrentThreadAllocatedBytes() - before));
            }
        }
        return measured;
    }

    @Test
    void shouldCapRowsBeforeHoldingThemWhenOneStatementSelectsHundredsOfMegabytes() throws Exception {
        // 1,001 rows of 300 kB each: 300 MB on the wire, the runner's per-statement cap is 1 MB
        List<Measured> measured = run("""
                select g, repeat('z', 300000) from generate_series(1, 1001) g;
                select 'still here';""", ResultBudget.unlimited());
        StatementResult big = measured.getFirst().result();
        assertThat(big.status()).isEqualTo("ok");
        assertThat(big.truncated()).isTrue();
        assertThat(big.rows()).hasSizeLessThanOrEqualTo(4);
        assertThat(measured.getFirst().allocated()).isLessThan(ALLOCATION_CEILING);
        assertThat(measured.get(1).result().rows().getFirst().getFirst().asString()).isEqualTo("still here");
    }

    @Test
    void shouldSkipASingleValueLargerThanTheCapWithoutReadingIt() throws Exception {
        List<Measured> measured = run("select repeat('z', 200000000); select 1;", ResultBudget.unlimited());
        assertThat(measured.getFirst().result().truncated()).isTrue();
        assertThat(measured.getFirst().result().rows()).isEmpty();
        assertThat(measured.getFirst().allocated()).isLessThan(ALLOCATION_CEILING);
        assertThat(measured.get(1).result().status()).isEqualTo("ok");
    }

    @Test
    void shouldCapCopyToStdoutOfATableAndOfAQuery() throws Exception {
        List<Measured> measured = run("""
                create table wide as select g, repeat('w', 100000) as w from generate_series(1, 2000) g;
                copy wide to stdout;
                copy (select g from generate_series(1, 3) g order by g) to stdout;
                copy (select 'a)b', "g" from (select 1 as "g") s) to stdout with (format csv);
                copy public.wide (g) to stdout;""", ResultBudget.unlimited());
        StatementResult table = measured.get(1).result();
        assertThat(table.status()).isEqualTo("ok");
        assertThat(table.commandTag()).isEqualTo("COPY 2000");
        assertThat(table.truncated()).isTrue();
        assertThat(measured.get(1).allocated()).isLessThan(ALLOCATION_CEILING);
        StatementResult query = measured.get(2).result();
        assertThat(query.status()).isEqualTo("ok");
        assertThat(query.rows()).extracting(row -> row.getFirst().asString()).containsExactly("1", "2", "3");
        assertThat(measured.get(3).result().rows()).extracting(row -> row.getFirst().asString()).containsExactly("a)b,1");
        assertThat(measured.get(4).result().status()).isEqualTo("ok");
        assertThat(measured.get(4).result().rows()).hasSize(1000);
    }

    @Test
    void shouldCutLaterResultsAtTheRunsBudgetAndStillRunEveryStatement() throws Exception {
        // ten results of 400 kB against a run budget of 1.5 MB: the first three fit, the rest run without rows
        StringBuilder script = new StringBuilder("create table t (n int);\n");
        for (int i = 0; i < 10; i++) {
            script.append("select repeat('z', 400000);\ninsert into t values (").append(i).append(");\n");
        }
        script.append("select count(*) from t;");
        ResultBudget budget = new ResultBudget(1_500_000);
        List<Measured> measured = run(script.toString(), budget);
        List<StatementResult> selects = new ArrayList<>();
        for (int i = 1; i < 21; i += 2) {
            selects.add(measured.get(i).result());
        }
        assertThat(selects).allSatisfy(r -> assertThat(r.status()).isEqualTo("ok"));
        assertThat(selects.subList(0, 3)).allSatisfy(r -> assertThat(r.rows()).hasSize(1));
        assertThat(selects.subList(3, 10)).allSatisfy(r -> {
            assertThat(r.rows()).isEmpty();
            assertThat(r.truncated()).isTrue();
            assertThat(r.notices()).anySatisfy(n -> assertThat(n).contains("run's limit"));
        });
        assertThat(measured.stream().mapToLong(m -> m.result().heldBytes()).sum()).isLessThanOrEqualTo(1_500_000);
        assertThat(measured.getLast().result().rows().getFirst().getFirst().asLong()).isEqualTo(10);
    }

    @Test
    void shouldCapNoticesAndShortenAHugeErrorMessage() throws Exception {
        List<Measured> measured = run("""
                do $$ begin for i in 1..20000 loop raise notice '%', repeat('n', 10000); end loop; end $$;
                do $$ begin raise exception '%', repeat('é', 50000000); end $$;
                select 1;""", ResultBudget.unlimited());
        StatementResult noisy = measured.getFirst().result();
        assertThat(noisy.status()).isEqualTo("ok");
        assertThat(noisy.notices()).hasSizeLessThanOrEqualTo(ResultLimit.MAX_NOTICES + 1);
        assertThat(noisy.notices().getLast()).contains("more notices not shown");
        assertThat(measured.getFirst().allocated()).isLessThan(ALLOCATION_CEILING);
        StatementResult failed = measured.get(1).result();
        assertThat(failed.error().sqlState()).isEqualTo("P0001");
        assertThat(failed.error().message()).startsWith("éé").endsWith(" …").hasSizeLessThan(5000);
        assertThat(measured.get(1).allocated()).isLessThan(ALLOCATION_CEILING);
        assertThat(measured.get(2).result().status()).isEqualTo("ok");
    }

    @Test
    void shouldShareOnePoolBetweenRunsAndGiveItBackWhenTheAnswerIsWritten() throws Exception {
        ResultMemory pool = new ResultMemory(1_000_000);
        String script = "select repeat('a', 700000);";
        ScriptPositions positions = new ScriptPositions(script);
        ScriptStatement statement = ScriptSplitter.split(script).getFirst();
        try (LearnerSession session = LearnerSession.open(LearnerDatabases.create(), LIMITS, TIMER)) {
            ResultMemory.Lease first = pool.lease();
            StatementResult held = session.execute(statement, positions, Instant.now().plusSeconds(60),
                    new ResultBudget(16_000_000, first));
            assertThat(held.rows()).hasSize(1);
            assertThat(pool.available()).isBetween(290_000L, 300_000L);
            try (ResultMemory.Lease second = pool.lease()) {
                StatementResult starved = session.execute(statement, positions, Instant.now().plusSeconds(60),
                        new ResultBudget(16_000_000, second));
                assertThat(starved.status()).isEqualTo("ok");
                assertThat(starved.truncated()).isTrue();
                assertThat(starved.rows()).isEmpty();
                assertThat(starved.notices()).anySatisfy(n -> assertThat(n).contains("as many results as it can"));
            }
            first.close();
            assertThat(pool.available()).isEqualTo(1_000_000);
            try (ResultMemory.Lease third = pool.lease()) {
                assertThat(session.execute(statement, positions, Instant.now().plusSeconds(60),
                        new ResultBudget(16_000_000, third)).rows()).hasSize(1);
            }
        }
        assertThat(pool.available()).isEqualTo(1_000_000);
    }
}
