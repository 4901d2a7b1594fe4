package io.taidon.vcssync.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.node.JsonNodeFactory;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;
import io.taidon.vcssync.config.VcsSyncProperties;
import io.taidon.vcssync.project.Project;
import io.taidon.vcssync.project.ProjectFile;
import io.taidon.vcssync.project.ProjectService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Project runs without a database or sql-runner: which scripts go to sql-runner in which order, how its statements
 * are reported per file, and the bench's nearest-rank percentiles. The fake sql-runner splits at {@code ;} line
 * ends and answers each statement with one row; a run's last statement takes the next duration the test queued.
 */
class ProjectRunServiceTests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final String USER = "usr_1";

    private static final String PROJECT = "prj_1";

    private static final String SANDBOX = "sbx_1";

    private static final String SCHEMA = "create table book (id int, title text);\n";

    private static final String AUTHORS = "create table author (id int);\n";

    private static final String BOOKS = "insert into book values (1, 'Solaris');\n";

    private static final String MORE = "insert into book values (2, 'Ubik');\n";

    private final ProjectService projects = mock(ProjectService.class);

    private final SqlRunnerClient sqlRunner = mock(SqlRunnerClient.class);

    private final List<AuditEvent> audited = new ArrayList<>();

    private final List<String> scripts = new ArrayList<>();

    private final Deque<Long> durations = new ArrayDeque<>();

    private ProjectRunService service;

    @BeforeEach
    void setUp() {
        VcsSyncProperties properties = new VcsSyncProperties(
                new VcsSyncProperties.Limits(quota(), quota()), new VcsSyncProperties.Runs(5, 30, 20),
                new VcsSyncProperties.Git(List.of(), false, Duration.ofSeconds(30)),
                new VcsSyncProperties.Credentials(Path.of("unused"), null));
        this.service = new ProjectRunService(this.projects, this.sqlRunner, properties, this.audited::add,
                new SimpleMeterRegistry());
        when(this.projects.project(USER, PROJECT))
            .thenReturn(new Project(PROJECT, USER, "library", SANDBOX, 1, null, null, null, null));
        // deliberately out of order, with a file outside the four folders that never runs
        when(this.projects.files(USER, PROJECT)).thenReturn(List.of(file("test/002_titles.sql", """
                -- expect:
                --  id | title
                -- ----+---------
                --   1 | Solaris
                select id, title from book;
                """), file("seed/002_more.sql", MORE), file("README.md", "select 'never run';\n"),
                file("bench/001_lookup.sql", "select 1;\nselect 2;\n"), file("init/002_authors.sql", AUTHORS),
                file("test/001_count.sql", "-- expect: rows 2\nselect * from book;\n"),
                file("seed/001_books.sql", BOOKS), file("init/001_schema.sql", SCHEMA)));
        when(this.sqlRunner.run(anyString(), eq(SANDBOX))).thenAnswer(call -> answer(call.getArgument(0)));
    }

    @Test
    void shouldRunInitThenSeedAsTheTailOfEveryTestAndBenchRun() {
        ProjectRunResponse report = this.service.run(USER, PROJECT, new ProjectRunRequest("all", 2, false));

        String tail = SCHEMA + AUTHORS + BOOKS + MORE;
        assertThat(this.scripts).containsExactly(
                // the setup run: init and seed sorted by path, then the constant head that leaves a layer there
                tail + ProjectRunService.TAIL_MARKER + "\n",
                // each test file, sorted by path, after the same tail
                tail + "-- expect: rows 2\nselect * from book;\n",
                tail + "-- expect:\n--  id | title\n-- ----+---------\n--   1 | Solaris\nselect id, title from book;\n",
                // the bench file once, then each statement as the head, twice
                tail + "select 1;\nselect 2;\n", tail + "select 1;\n", tail + "select 1;\n",
                tail + "select 1;\nselect 2;\n", tail + "select 1;\nselect 2;\n");
        assertThat(report.files()).extracting(ProjectRunResponse.FileReport::path)
            .containsExactly("init/001_schema.sql", "init/002_authors.sql", "seed/001_books.sql",
                    "seed/002_more.sql", "test/001_count.sql", "test/002_titles.sql", "bench/001_lookup.sql");
        assertThat(report.files()).extracting(ProjectRunResponse.FileReport::folder)
            .containsExactly("init", "init", "seed", "seed", "test", "test", "bench");
        assertThat(report.runIds()).hasSize(8);
        assertThat(report.summary().runs()).isEqualTo(8);
        assertThat(this.audited).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("project.run");
            assertThat(event.objectId()).isEqualTo(PROJECT);
        });
    }

    @Test
    void shouldReportEachTestAgainstItsExpectations() {
        ProjectRunResponse report = this.service.run(USER, PROJECT, new ProjectRunRequest("test", null, null));

        // the fake answers one row per statement: "rows 2" fails, the one-row table passes
        assertThat(report.passed()).isFalse();
        assertThat(report.summary().tests()).isEqualTo(2);
        assertThat(report.summary().passedTests()).isEqualTo(1);
        assertThat(report.summary().expectations()).isEqualTo(2);
        assertThat(report.summary().failedExpectations()).isEqualTo(1);
        ProjectRunResponse.FileReport count = report.files().get(4);
        assertThat(count.path()).isEqualTo("test/001_count.sql");
        assertThat(count.status()).isEqualTo("failed");
        assertThat(count.statements()).singleElement().satisfies(statement -> {
            assertThat(statement.index()).isEqualTo(1);
            assertThat(statement.line()).isEqualTo(1);
            assertThat(statement.expectation())
                .isEqualTo(new ProjectRunResponse.ExpectationReport("rows", false, "expected 2 rows, got 1"));
        });
        assertThat(report.files().get(5).status()).isEqualTo("passed");
        assertThat(report.files().get(5).statements().getFirst().expectation().kind()).isEqualTo("table");
    }

    @Test
    void shouldRunOnlyInitWithoutTheMarkerForTargetInit() {
        ProjectRunResponse report = this.service.run(USER, PROJECT, new ProjectRunRequest("init", null, null));

        assertThat(this.scripts).containsExactly(SCHEMA + AUTHORS);
        assertThat(report.files()).extracting(ProjectRunResponse.FileReport::path)
            .containsExactly("init/001_schema.sql", "init/002_authors.sql");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void shouldRunInitAndSeedOnlyForTargetSeed() {
        this.service.run(USER, PROJECT, new ProjectRunRequest("SEED", null, null));

        assertThat(this.scripts)
            .containsExactly(SCHEMA + AUTHORS + BOOKS + MORE + ProjectRunService.TAIL_MARKER + "\n");
    }

    @Test
    void shouldMeasureEachBenchStatementAsTheHeadRepeatTimes() {
        // one duration per run, for its last statement: the setup and the whole file (not samples), then statement
        // 1 as the head three times, then statement 2
        this.durations.addAll(List.of(99L, 99L, 7L, 3L, 5L, 11L, 12L, 10L));
        ProjectRunResponse report = this.service.run(USER, PROJECT, new ProjectRunRequest("bench", 3, null));

        List<ProjectRunResponse.StatementReport> statements = report.files().getLast().statements();
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).bench().samplesMs()).containsExactly(7L, 3L, 5L);
        assertThat(statements.get(0).bench().p50Ms()).isEqualTo(5);
        assertThat(statements.get(0).bench().p95Ms()).isEqualTo(7);
        assertThat(statements.get(1).bench().samplesMs()).containsExactly(11L, 12L, 10L);
        assertThat(statements.get(1).line()).isEqualTo(2);
        assertThat(this.scripts).hasSize(1 + 1 + 3 + 3);
    }

    @Test
    void shouldTakePercentilesByNearestRank() {
        List<Long> twenty = new ArrayList<>();
        for (long i = 20; i >= 1; i--) {
            twenty.add(i);
        }
        ProjectRunResponse.BenchStats stats = ProjectRunService.stats(twenty, null);
        // nearest rank: the ceil(q * n)-th smallest sample
        assertThat(stats.p50Ms()).isEqualTo(10);
        assertThat(stats.p95Ms()).isEqualTo(19);
        assertThat(stats.minMs()).isEqualTo(1);
        assertThat(stats.maxMs()).isEqualTo(20);
        assertThat(stats.repeat()).isEqualTo(20);
        assertThat(stats.samplesMs()).as("in the order measured").isEqualTo(twenty);

        assertThat(ProjectRunService.stats(List.of(42L), null))
            .extracting(ProjectRunResponse.BenchStats::p50Ms, ProjectRunResponse.BenchStats::p95Ms)
            .containsExactly(42L, 42L);
        assertThat(ProjectRunService.stats(List.of(4L, 1L, 3L, 2L), null))
            .extracting(ProjectRunResponse.BenchStats::p50Ms, ProjectRunResponse.BenchStats::p95Ms)
            .containsExactly(2L, 4L);
        assertThat(ProjectRunService.stats(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), List.of("Seq Scan")))
            .satisfies(ten -> {
                assertThat(ten.p50Ms()).isEqualTo(5);
                assertThat(ten.p95Ms()).isEqualTo(10);
                assertThat(ten.explain()).containsExactly("Seq Scan");
            });
    }

    @Test
    void shouldStripCommentsAndSemicolonForExplain() {
        assertThat(ProjectRunService.body("-- lookup\n\nselect title\nfrom book where id = 2;;"))
            .isEqualTo("select title\nfrom book where id = 2");
    }

    private SqlRunnerClient.RunAnswer answer(String script) {
        this.scripts.add(script);
        List<SqlRunnerClient.Statement> statements = new ArrayList<>();
        int from = 0;
        for (int at = script.indexOf(";\n"); at >= 0; at = script.indexOf(";\n", from)) {
            String sql = script.substring(from, at + 1).strip();
            boolean last = script.indexOf(";\n", at + 2) < 0;
            statements.add(new SqlRunnerClient.Statement(statements.size() + 1, sql, "ok", "SELECT 1", 1L,
                    List.of(new SqlRunnerClient.Column("id", "int4"), new SqlRunnerClient.Column("title", "text")),
                    List.of(List.of(JSON.numberNode(1),
                            JSON.stringNode("Solaris"))),
                    false, null, last && !this.durations.isEmpty() ? this.durations.poll() : 1, "executed"));
            from = at + 2;
        }
        return new SqlRunnerClient.RunAnswer("run_" + this.scripts.size(), SANDBOX, statements, 1);
    }

    private static ProjectFile file(String path, String content) {
        return new ProjectFile(path, content, "sha");
    }

    private static VcsSyncProperties.Quota quota() {
        return new VcsSyncProperties.Quota(3, 50, DataSize.ofKilobytes(256), DataSize.ofMegabytes(2));
    }
}
