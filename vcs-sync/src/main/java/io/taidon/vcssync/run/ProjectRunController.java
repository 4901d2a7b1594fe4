package io.taidon.vcssync.run;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;

/**
 * {@code POST /api/projects/{id}/runs {target, repeat?, explain?}} → 200 {@link ProjectRunResponse}: the report per
 * file and per statement ({@link ProjectRunService}; the test convention is {@link Expectation}). Errors: 400
 * {@code invalid-target} / {@code invalid-repeat}; 404 for another user's project or sandbox; sql-runner's 409
 * ({@code run-in-progress}) and 429 (runs per minute); 503 when sql-runner does not answer.
 */
@RestController
class ProjectRunController {

    private final ProjectRunService runs;

    ProjectRunController(ProjectRunService runs) {
        this.runs = runs;
    }

    @PostMapping("/api/projects/{projectId}/runs")
    ProjectRunResponse run(@PathVariable String projectId,
            @RequestBody(required = false) @Nullable ProjectRunRequest request) {
        return this.runs.run(CurrentUser.id(), projectId,
                request == null ? new ProjectRunRequest(null, null, null) : request);
    }
}
