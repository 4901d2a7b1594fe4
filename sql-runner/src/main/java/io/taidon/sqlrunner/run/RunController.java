package io.taidon.sqlrunner.run;

import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.security.CurrentUser;
import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.script.ScriptSplitter;

/**
 * {@code POST /api/runs}: run a script in the caller's sandbox. The body is either JSON ({@link RunRequest}) or the
 * script itself as {@code application/sql} (RFC 6922) in UTF-8, with the sandbox as the {@code sandboxId} query
 * parameter: the same run and answer, without JSON-escaping a multi-megabyte script (Pagila's 3.3 MB of
 * {@code COPY} data costs ~12 ms of JSON string decoding per run). In both forms a re-run may name the previous
 * run's tail ({@code tailRef}, from the answer's {@code tail}) and send only the text after it. A run is also a
 * resource while it goes: {@code GET /api/runs/{id}}, {@code GET /api/runs/{id}/events} and
 * {@code DELETE /api/runs/{id}} ({@link RunProgress}).
 */
@RestController
@RequestMapping("/api/runs")
class RunController {

    /** {@code application/sql}, RFC 6922. */
    static final String APPLICATION_SQL = "application/sql";

    private final RunService runs;

    private final RunProgress progress;

    private final RunHistory history;

    RunController(RunService runs, RunProgress progress, RunHistory history) {
        this.runs = runs;
        this.progress = progress;
        this.history = history;
    }

    /**
     * @param runId a run of the caller's
     * @return where it is while it runs here: {@link RunProgress.View}; once it answered, the recorded run with its
     *         whole script ({@link RunHistory.Item}); a canceled or failed run's last view for a minute
     * @throws NotFoundException when there is no such run of the caller's (404)
     */
    @GetMapping("/{runId}")
    Object get(@PathVariable String runId) {
        String userId = CurrentUser.id();
        Optional<RunProgress.View> live = this.progress.find(userId, runId);
        if (live.isPresent() && !live.get().ended()) {
            return live.get();
        }
        Optional<Object> recorded = this.history.find(userId, runId).map(Object.class::cast);
        return recorded.or(() -> live.map(Object.class::cast))
            .orElseThrow(() -> NotFoundException.forId("run", runId));
    }

    /**
     * The caller's run history in one sandbox, newest first; each script cut to its first 300 characters.
     *
     * @param sandboxId the sandbox
     * @param page 0-based page
     * @param size runs per page, 1 to 100
     * @return the page
     */
    @GetMapping
    RunHistory.Page history(@RequestParam String sandboxId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return this.history.list(CurrentUser.id(), sandboxId, page, size);
    }

    /**
     * Server-Sent Events of the caller's run: {@code progress} events ({@link RunProgress.View}: state, statement n
     * of m) as it goes, then one {@code end} event {@code {state}}. May be opened before the run is posted with a
     * client-chosen {@code runId}.
     *
     * @param runId a UUID
     * @return the stream
     * @throws NotFoundException when the id is another user's (404)
     */
    @GetMapping(path = "/{runId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String runId) {
        try {
            UUID.fromString(runId);
        }
        catch (IllegalArgumentException ex) {
            throw NotFoundException.forId("run", runId);
        }
        return this.progress.subscribe(CurrentUser.id(), runId);
    }

    /**
     * Cancels the caller's run in progress: the statement running now is canceled on the server, the run answers
     * {@code 409 run-canceled} and nothing of it is cached.
     *
     * @param runId the run
     * @return 202
     * @throws NotFoundException when the caller has no such run in progress (404)
     */
    @DeleteMapping("/{runId}")
    ResponseEntity<Void> cancel(@PathVariable String runId) {
        this.progress.cancel(CurrentUser.id(), runId);
        return ResponseEntity.accepted().build();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    RunResponse run(@Valid @RequestBody RunRequest request,
            @RequestAttribute(name = ResultMemoryFilter.LEASE, required = false) ResultMemory.@Nullable Lease memory) {
        return this.runs.run(CurrentUser.id(), request, memory);
    }

    /**
     * @param script the script's UTF-8 bytes
     * @param sandboxId the learner's sandbox, or null for the default sandbox
     * @param tailRef the previous run's {@code tail.ref} when the body is only what follows that tail, else null
     * @param runId a UUID the client chose for the run, or null
     * @return the same answer as the JSON form
     * @throws InvalidRequestException ({@code script-too-large}, {@code invalid-sql}) for a script over the cap or
     *         bytes that are not UTF-8 (400)
     * @throws io.taidon.platform.problem.ConflictException ({@code tail-unknown}) when {@code tailRef} names a tail
     *         the runner no longer keeps (409)
     */
    @PostMapping(consumes = APPLICATION_SQL)
    RunResponse runScript(@RequestBody(required = false) byte @Nullable [] script,
            @RequestParam(required = false) @Nullable String sandboxId,
            @RequestParam(required = false) @Nullable String tailRef,
            @RequestParam(required = false) @Nullable String runId,
            @RequestAttribute(name = ResultMemoryFilter.LEASE, required = false) ResultMemory.@Nullable Lease memory) {
        // RunService checks the size, as for the JSON form
        String sql = script == null ? "" : ScriptSplitter.decode(script);
        return this.runs.run(CurrentUser.id(), new RunRequest(sql, sandboxId, tailRef, runId), memory);
    }
}
