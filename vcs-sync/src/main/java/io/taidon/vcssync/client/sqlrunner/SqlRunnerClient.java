package io.taidon.vcssync.client.sqlrunner;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.platform.security.CurrentUser;
import io.taidon.platform.web.RequestIdPropagation;

/**
 * sql-runner's public run API ({@code POST /api/runs}, {@code GET /api/runs?sandboxId=}, {@code GET /api/runs/{id}},
 * DESIGN.md "Runs as resources"), called <em>as the learner</em>: with the caller's own bearer token, so a project
 * run is the learner's run in every respect (sandbox ownership, {@code runsPerMinute}, statement timeout, history,
 * erasure) and vcs-sync holds no power to run SQL as anyone else. The token goes only to sql-runner's configured
 * URL, never to a sandbox or a Git remote.
 * <p>
 * Failures: sql-runner's 4xx (404 sandbox, 409 run in progress, 429 rate limited, 400) are passed on with its
 * problem; no answer, 5xx, or a refused token become 503 ({@link DownstreamRejectedException#of}).
 */
@Component
public class SqlRunnerClient {

    private static final String SERVICE = "sql-runner";

    private final RestClient client;

    SqlRunnerClient(RestClient.Builder builder, ServiceClientProperties properties) {
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withConnectTimeout(properties.connectTimeout())
            .withReadTimeout(properties.readTimeout());
        this.client = builder.clone()
            .baseUrl(properties.baseUrl(SERVICE))
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
            .requestInterceptor(new RequestIdPropagation())
            .build();
    }

    /**
     * Runs a whole script in the caller's sandbox.
     *
     * @param sql the script
     * @param sandboxId the sandbox, or null for the caller's default sandbox
     * @return sql-runner's answer
     * @throws TaidonProblemException as described on the class
     */
    public RunAnswer run(String sql, @Nullable String sandboxId) {
        try {
            RunAnswer answer = this.client.post()
                .uri("/api/runs")
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .body(new RunBody(sql, sandboxId))
                .retrieve()
                .body(RunAnswer.class);
            if (answer == null) {
                throw new RestClientException("sql-runner answered a run without a body");
            }
            return answer;
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * @param sandboxId one of the caller's sandboxes
     * @param size runs to list, 1 to 100
     * @return the sandbox's recorded runs, newest first, each script cut to a preview
     */
    public List<HistoryItem> history(String sandboxId, int size) {
        try {
            HistoryPage page = this.client.get()
                .uri(uri -> uri.path("/api/runs").queryParam("sandboxId", sandboxId).queryParam("size", size).build())
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .retrieve()
                .body(HistoryPage.class);
            return page == null ? List.of() : page.items();
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * @param runId a recorded run of the caller's
     * @return its whole script, or empty when the run kept none (too long) or is gone
     */
    public Optional<String> script(String runId) {
        try {
            HistoryItem item = this.client.get()
                .uri("/api/runs/{runId}", runId)
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .retrieve()
                .body(HistoryItem.class);
            return Optional.ofNullable(item == null ? null : item.sql());
        }
        catch (HttpClientErrorException ex) {
            if (ex.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    private static String bearer() {
        return "Bearer " + CurrentUser.token()
            .orElseThrow(() -> new IllegalStateException("a project run needs the caller's token"))
            .getTokenValue();
    }

    private record RunBody(String sql, @Nullable String sandboxId) {
    }

    /**
     * sql-runner's {@code POST /api/runs} answer (the fields vcs-sync reads).
     *
     * @param runId the run
     * @param sandboxId where it ran
     * @param statements every statement's result, in script order
     * @param durationMs the whole run, milliseconds
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunAnswer(String runId, String sandboxId, List<Statement> statements, long durationMs) {
    }

    /**
     * One statement's result, as sql-runner reports it.
     *
     * @param index 1-based in the script
     * @param sql the statement's text, leading comments included, whitespace-trimmed
     * @param status {@code ok} or {@code error}
     * @param commandTag e.g. {@code SELECT 3}
     * @param rowCount rows returned or affected, or null
     * @param columns result columns
     * @param rows rows as JSON values (SQL NULL as JSON null, most types as PostgreSQL's text output)
     * @param truncated whether rows were cut at sql-runner's caps
     * @param error why it failed, or null
     * @param durationMs its wall-clock time, milliseconds (for a cached statement: of its first execution)
     * @param source {@code cache}, {@code replayed} or {@code executed}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Statement(int index, String sql, String status, @Nullable String commandTag, @Nullable Long rowCount,
            @Nullable List<Column> columns, @Nullable List<List<JsonNode>> rows, boolean truncated,
            @Nullable StatementError error, long durationMs, @Nullable String source) {

        /** @return whether the statement failed */
        public boolean failed() {
            return "error".equals(this.status);
        }
    }

    /**
     * @param name column name
     * @param type PostgreSQL type name
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Column(String name, @Nullable String type) {
    }

    /**
     * @param sqlState SQLSTATE
     * @param message the server's message
     * @param line 1-based line in the script, or null
     * @param column 1-based column, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatementError(String sqlState, String message, @Nullable Integer line, @Nullable Integer column) {
    }

    /**
     * @param items runs, newest first
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HistoryPage(List<HistoryItem> items) {
    }

    /**
     * A recorded run.
     *
     * @param runId its id
     * @param status {@code ok} or {@code errors}
     * @param sql its script (cut in a list when {@code sqlCut}), or null when not kept
     * @param sqlCut whether {@code sql} is cut
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HistoryItem(String runId, @Nullable String status, @Nullable String sql, boolean sqlCut) {
    }
}
