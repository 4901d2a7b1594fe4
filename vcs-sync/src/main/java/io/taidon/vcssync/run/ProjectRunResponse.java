package io.taidon.vcssync.run;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;

/**
 * The report of a project run.
 *
 * @param projectId the project
 * @param target what ran
 * @param passed whether no init/seed/bench statement failed and every test file passed
 * @param summary counts
 * @param files one report per file that ran, in run order ({@code init}, {@code seed}, {@code test}, {@code bench};
 *        by path within each)
 * @param runIds the sql-runner runs this project run made, in order ({@code GET /api/runs/{id}})
 * @param durationMs wall-clock time of the whole project run, milliseconds
 */
public record ProjectRunResponse(String projectId, String target, boolean passed, Summary summary,
        List<FileReport> files, List<String> runIds, long durationMs) {

    /**
     * @param tests test files run
     * @param passedTests test files that passed
     * @param failedTests test files that failed
     * @param expectations expectations checked
     * @param failedExpectations expectations that did not hold
     * @param errors statements that failed without an expectation of an error
     * @param runs sql-runner runs made
     */
    public record Summary(int tests, int passedTests, int failedTests, int expectations, int failedExpectations,
            int errors, int runs) {
    }

    /**
     * @param path the file
     * @param folder {@code init}, {@code seed}, {@code test} or {@code bench}
     * @param status for a test file {@code passed} or {@code failed}; for others {@code ok} or {@code error}
     * @param statements its statements, in order
     */
    public record FileReport(String path, String folder, String status, List<StatementReport> statements) {
    }

    /**
     * One statement of a file.
     *
     * @param index 1-based in the file
     * @param line 1-based line of the file where the statement (with its leading comments) starts
     * @param sql its text
     * @param status {@code ok} or {@code error}
     * @param commandTag e.g. {@code SELECT 2}
     * @param rowCount rows returned or affected, or null
     * @param columns result columns
     * @param rows the first rows (at most {@code taidon.vcs-sync.runs.max-report-rows}), values as sql-runner gives them
     * @param truncated whether rows were cut (here or at sql-runner's caps)
     * @param error why it failed, or null
     * @param durationMs its time in milliseconds (a cached statement's is of its first execution)
     * @param source {@code cache}, {@code replayed} or {@code executed}
     * @param expectation the expectation written before it and whether it held, or null
     * @param bench repeated timings for a bench statement, or null
     */
    public record StatementReport(int index, int line, String sql, String status, @Nullable String commandTag,
            @Nullable Long rowCount, List<SqlRunnerClient.Column> columns, List<List<JsonNode>> rows,
            boolean truncated, SqlRunnerClient.@Nullable StatementError error, long durationMs,
            @Nullable String source, @Nullable ExpectationReport expectation, @Nullable BenchStats bench) {
    }

    /**
     * @param kind {@code table}, {@code rows}, {@code error}, or {@code invalid} for a malformed expectation
     * @param passed whether it held
     * @param message what was expected and what came
     */
    public record ExpectationReport(String kind, boolean passed, String message) {
    }

    /**
     * Durations of a bench statement executed {@code repeat} times as the head of a run (never served from the
     * cache). Percentiles by the nearest-rank method over the samples; sql-runner measures whole milliseconds.
     *
     * @param repeat samples taken
     * @param p50Ms median, milliseconds
     * @param p95Ms 95th percentile, milliseconds
     * @param minMs fastest
     * @param maxMs slowest
     * @param samplesMs every sample, in order
     * @param explain the lines of {@code EXPLAIN (ANALYZE, BUFFERS)} when asked, or null
     */
    public record BenchStats(int repeat, long p50Ms, long p95Ms, long minMs, long maxMs, List<Long> samplesMs,
            @Nullable List<String> explain) {
    }
}
