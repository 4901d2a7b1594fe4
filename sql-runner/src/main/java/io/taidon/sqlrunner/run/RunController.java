package io.taidon.sqlrunner.run;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;
import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.script.ScriptSplitter;

/**
 * {@code POST /api/runs}: run a script in the caller's sandbox. The body is either JSON ({@link RunRequest}) or the
 * script itself as {@code application/sql} (RFC 6922) in UTF-8, with the sandbox as the {@code sandboxId} query
 * parameter: the same run and answer, without JSON-escaping a multi-megabyte script (Pagila's 3.3 MB of
 * {@code COPY} data costs ~12 ms of JSON string decoding per run). In both forms a re-run may name the previous
 * run's tail ({@code tailRef}, from the answer's {@code tail}) and send only the text after it.
 */
@RestController
@RequestMapping("/api/runs")
class RunController {

    /** {@code application/sql}, RFC 6922. */
    static final String APPLICATION_SQL = "application/sql";

    private final RunService runs;

    RunController(RunService runs) {
        this.runs = runs;
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
            @RequestAttribute(name = ResultMemoryFilter.LEASE, required = false) ResultMemory.@Nullable Lease memory) {
        // RunService checks the size, as for the JSON form
        String sql = script == null ? "" : ScriptSplitter.decode(script);
        return this.runs.run(CurrentUser.id(), new RunRequest(sql, sandboxId, tailRef), memory);
    }
}
