package io.taidon.vcssync.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;
import io.taidon.vcssync.config.VcsSyncProperties;
import io.taidon.vcssync.project.Project;
import io.taidon.vcssync.project.ProjectFile;
import io.taidon.vcssync.project.ProjectPaths;
import io.taidon.vcssync.project.ProjectService;

/**
 * Runs a project through sql-runner, as the learner, in the project's sandbox. Files run in path order within each
 * folder ({@code init}, {@code seed}, {@code test}, {@code bench}). {@code init} then {@code seed} are the tail of
 * every later run: a setup run executes them followed by the constant {@link #TAIL_MARKER} head, which leaves a
 * layer at exactly that tail; each test file then runs as {@code init + seed + file}, resumed from that layer (and,
 * from its second run on, from the file's own tail), so re-running the tests is the hot path of the chain cache.
 * <p>
 * Bench files: each statement is measured as the <em>head</em> of a run ({@code init + seed +} the file up to that
 * statement), {@code repeat} times, since sql-runner always executes the head while cached statements carry the
 * duration of their first execution; the head runs in a transaction sql-runner rolls back, so measured writes do
 * not pile up. With {@code explain}, one more run replaces the head by {@code EXPLAIN (ANALYZE, BUFFERS) …}.
 * <p>
 * Every sql-runner run counts against the learner's {@code runsPerMinute}: a project run makes
 * {@code 1 + tests + bench files + bench statements × (repeat + explain)} runs.
 */
@Service
public class ProjectRunService {

    /** The head of the setup run; constant so its chain hash, and the layer at the tail, are reused. */
    static final String TAIL_MARKER = "select 'init and seed are ready' as taidon_project_tail;";

    static final Set<String> TARGETS = Set.of("init", "seed", "test", "bench", "all");

    private final ProjectService projects;

    private final SqlRunnerClient sqlRunner;

    private final VcsSyncProperties.Runs settings;

    private final AuditRecorder audit;

    private final MeterRegistry meters;

    ProjectRunService(ProjectService projects, SqlRunnerClient sqlRunner, VcsSyncProperties properties,
            AuditRecorder audit, MeterRegistry meters) {
        this.projects = projects;
        this.sqlRunner = sqlRunner;
        this.settings = properties.runs();
        this.audit = audit;
        this.meters = meters;
    }

    /**
     * @param userId the caller (whose token sql-runner receives)
     * @param projectId one of the caller's projects
     * @param request what to run
     * @return the report
     * @throws NotFoundException when the caller has no such project (404)
     * @throws InvalidRequestException {@code invalid-target}, {@code invalid-repeat} (400)
     * @throws TaidonProblemException sql-runner's 4xx (404 sandbox, 409 run in progress, 429 rate limited) or 503
     */
    public ProjectRunResponse run(String userId, String projectId, ProjectRunRequest request) {
        long started = System.nanoTime();
        String target = request.target() == null ? "" : request.target().toLowerCase(Locale.ROOT);
        if (!TARGETS.contains(target)) {
            throw new InvalidRequestException("invalid-target", "target must be one of init, seed, test, bench, all.");
        }
        int repeat = request.repeat() == null ? this.settings.defaultBenchRepeat() : request.repeat();
        if (repeat < 1 || repeat > this.settings.maxBenchRepeat()) {
            throw new InvalidRequestException("invalid-repeat",
                    "repeat must be 1 to " + this.settings.maxBenchRepeat() + ".");
        }
        boolean explain = Boolean.TRUE.equals(request.explain());
        Project project = this.projects.project(userId, projectId);
        List<ProjectFile> files = new ArrayList<>(this.projects.files(userId, projectId));
        files.sort(Comparator.comparing(ProjectFile::path));
        Run run = new Run(project.sandboxId());
        String outcome = "error";
        try {
            List<ProjectFile> init = inFolder(files, "init");
            List<ProjectFile> tail = new ArrayList<>(init);
            if (!target.equals("init")) {
                tail.addAll(inFolder(files, "seed"));
            }
            if (target.equals("init")) {
                run.setup(init, false);
            }
            else if (!tail.isEmpty()) {
                run.setup(tail, true);
            }
            if (target.equals("test") || target.equals("all")) {
                for (ProjectFile test : inFolder(files, "test")) {
                    run.test(tail, test);
                }
            }
            if (target.equals("bench") || target.equals("all")) {
                for (ProjectFile bench : inFolder(files, "bench")) {
                    run.bench(tail, bench, repeat, explain);
                }
            }
            ProjectRunResponse response = run.response(projectId, target, started);
            outcome = response.passed() ? "passed" : "failed";
            this.audit.record(userId, "project.run", "project", projectId,
                    response.passed() ? AuditEvent.SUCCESS : AuditEvent.FAILURE);
            return response;
        }
        finally {
            Timer.builder("taidon.vcs.project.runs")
                .description("Project runs (all their sql-runner runs), by target and outcome")
                .tag("target", target)
                .tag("outcome", outcome)
                .register(this.meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static List<ProjectFile> inFolder(List<ProjectFile> files, String folder) {
        return files.stream().filter(file -> folder.equals(ProjectPaths.folder(file.path()))).toList();
    }

    /** The state of one project run: its sql-runner runs and the reports so far. */
    private final class Run {

        private final @Nullable String sandboxId;

        private final List<ProjectRunResponse.FileReport> reports = new ArrayList<>();

        private final List<String> runIds = new ArrayList<>();

        private int tests;

        private int passedTests;

        private int expectations;

        private int failedExpectations;

        private int errors;

        private boolean failed;

        Run(@Nullable String sandboxId) {
            this.sandboxId = sandboxId;
        }

        void setup(List<ProjectFile> tail, boolean withMarker) {
            ScriptLayout layout = new ScriptLayout();
            tail.forEach(file -> layout.add(file.path(), file.content()));
            if (withMarker) {
                layout.add(null, TAIL_MARKER);
            }
            List<ScriptLayout.Located> located = execute(layout);
            for (int part = 0; part < tail.size(); part++) {
                ProjectFile file = tail.get(part);
                List<ProjectRunResponse.StatementReport> statements = new ArrayList<>();
                for (ScriptLayout.Located statement : ofPart(located, part)) {
                    if (statement.statement().failed()) {
                        this.errors++;
                    }
                    statements.add(report(statement, null, null));
                }
                boolean error = statements.stream().anyMatch(s -> "error".equals(s.status()));
                this.failed |= error;
                this.reports.add(new ProjectRunResponse.FileReport(file.path(), folder(file), error ? "error" : "ok",
                        statements));
            }
        }

        void test(List<ProjectFile> tail, ProjectFile test) {
            ScriptLayout layout = new ScriptLayout();
            tail.forEach(file -> layout.add(file.path(), file.content()));
            layout.add(test.path(), test.content());
            List<ProjectRunResponse.StatementReport> statements = new ArrayList<>();
            boolean passed = true;
            for (ScriptLayout.Located statement : ofPart(execute(layout), tail.size())) {
                ProjectRunResponse.ExpectationReport expectation = expectation(statement);
                if (expectation != null) {
                    this.expectations++;
                    if (!expectation.passed()) {
                        this.failedExpectations++;
                        passed = false;
                    }
                    meters.counter("taidon.vcs.expectations", "outcome", expectation.passed() ? "passed" : "failed")
                        .increment();
                }
                if (statement.statement().failed() && (expectation == null || !"error".equals(expectation.kind()))) {
                    this.errors++;
                    passed = false;
                }
                statements.add(report(statement, expectation, null));
            }
            this.tests++;
            if (passed) {
                this.passedTests++;
            }
            else {
                this.failed = true;
            }
            this.reports.add(new ProjectRunResponse.FileReport(test.path(), "test", passed ? "passed" : "failed",
                    statements));
        }

        void bench(List<ProjectFile> tail, ProjectFile bench, int repeat, boolean explain) {
            ScriptLayout whole = new ScriptLayout();
            tail.forEach(file -> whole.add(file.path(), file.content()));
            whole.add(bench.path(), bench.content());
            List<ScriptLayout.Located> found = ofPart(execute(whole), tail.size());
            List<ProjectRunResponse.StatementReport> statements = new ArrayList<>();
            boolean error = false;
            for (ScriptLayout.Located statement : found) {
                if (statement.statement().failed()) {
                    // a statement that fails is reported once, not measured
                    this.errors++;
                    error = true;
                    statements.add(report(statement, null, null));
                    continue;
                }
                String upTo = bench.content().substring(0, Math.min(statement.endInPart(), bench.content().length()));
                List<Long> samples = new ArrayList<>();
                SqlRunnerClient.Statement last = statement.statement();
                for (int i = 0; i < repeat; i++) {
                    SqlRunnerClient.Statement head = head(tail, bench.path(), upTo);
                    samples.add(head.durationMs());
                    last = head;
                }
                List<String> plan = null;
                if (explain) {
                    String before = bench.content().substring(0, Math.min(statement.startInPart(), bench.content().length()));
                    SqlRunnerClient.Statement explained = head(tail, bench.path(),
                            before + "\nEXPLAIN (ANALYZE, BUFFERS) " + body(statement.statement().sql()));
                    plan = explained.failed() && explained.error() != null
                            ? List.of("EXPLAIN failed: " + explained.error().message())
                            : lines(explained.rows());
                }
                ScriptLayout.Located measured = new ScriptLayout.Located(last, statement.path(), statement.index(),
                        statement.line(), statement.leading(), statement.part(), statement.startInPart(),
                        statement.endInPart());
                statements.add(report(measured, null, stats(samples, plan)));
            }
            this.failed |= error;
            this.reports.add(new ProjectRunResponse.FileReport(bench.path(), "bench", error ? "error" : "ok",
                    statements));
        }

        private SqlRunnerClient.Statement head(List<ProjectFile> tail, String path, String text) {
            ScriptLayout layout = new ScriptLayout();
            tail.forEach(file -> layout.add(file.path(), file.content()));
            layout.add(path, text);
            List<ScriptLayout.Located> located = execute(layout);
            return located.getLast().statement();
        }

        private List<ScriptLayout.Located> execute(ScriptLayout layout) {
            SqlRunnerClient.RunAnswer answer = sqlRunner.run(layout.script(), this.sandboxId);
            this.runIds.add(answer.runId());
            return layout.attribute(answer.statements());
        }

        private ProjectRunResponse.StatementReport report(ScriptLayout.Located located,
                ProjectRunResponse.@Nullable ExpectationReport expectation,
                ProjectRunResponse.@Nullable BenchStats bench) {
            SqlRunnerClient.Statement s = located.statement();
            List<List<JsonNode>> rows = s.rows() == null ? List.of() : s.rows();
            boolean cut = rows.size() > settings.maxReportRows();
            return new ProjectRunResponse.StatementReport(located.index(), located.line(), s.sql(), s.status(),
                    s.commandTag(), s.rowCount(), s.columns() == null ? List.of() : s.columns(),
                    cut ? rows.subList(0, settings.maxReportRows()) : rows, cut || s.truncated(), s.error(),
                    s.durationMs(), s.source(), expectation, bench);
        }

        ProjectRunResponse response(String projectId, String target, long started) {
            return new ProjectRunResponse(projectId, target, !this.failed,
                    new ProjectRunResponse.Summary(this.tests, this.passedTests, this.tests - this.passedTests,
                            this.expectations, this.failedExpectations, this.errors, this.runIds.size()),
                    List.copyOf(this.reports), List.copyOf(this.runIds),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private static ProjectRunResponse.@Nullable ExpectationReport expectation(ScriptLayout.Located statement) {
        Expectation expectation;
        try {
            expectation = Expectation.parse(statement.leading());
        }
        catch (IllegalArgumentException malformed) {
            return new ProjectRunResponse.ExpectationReport("invalid", false, malformed.getMessage());
        }
        if (expectation == null) {
            return null;
        }
        Expectation.Verdict verdict = expectation.check(statement.statement());
        return new ProjectRunResponse.ExpectationReport(expectation.kind(), verdict.passed(), verdict.message());
    }

    private static List<ScriptLayout.Located> ofPart(List<ScriptLayout.Located> located, int part) {
        return located.stream().filter(statement -> statement.part() == part).toList();
    }

    private static String folder(ProjectFile file) {
        String folder = ProjectPaths.folder(file.path());
        return folder == null ? "" : folder;
    }

    /** A statement's text without its leading comment lines and trailing semicolon, for {@code EXPLAIN}. */
    static String body(String sql) {
        List<String> kept = new ArrayList<>();
        boolean leading = true;
        for (String line : sql.split("\n", -1)) {
            if (leading && (line.strip().startsWith("--") || line.isBlank())) {
                continue;
            }
            leading = false;
            kept.add(line);
        }
        String body = String.join("\n", kept).strip();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        return body;
    }

    private static List<String> lines(@Nullable List<List<JsonNode>> rows) {
        if (rows == null) {
            return List.of();
        }
        return rows.stream().map(row -> row.isEmpty() || row.getFirst() == null ? "" : row.getFirst().asString())
            .toList();
    }

    /**
     * @param samples durations in milliseconds, in order
     * @param explain the plan lines, or null
     * @return min, max and nearest-rank p50/p95 (the smallest sample with at least that share at or below it)
     */
    static ProjectRunResponse.BenchStats stats(List<Long> samples, @Nullable List<String> explain) {
        List<Long> sorted = samples.stream().sorted().toList();
        return new ProjectRunResponse.BenchStats(samples.size(), rank(sorted, 0.50), rank(sorted, 0.95),
                sorted.getFirst(), sorted.getLast(), List.copyOf(samples), explain);
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
