package io.taidon.sqlrunner.run;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;

/** {@code POST /api/runs}: run a script in the caller's sandbox. */
@RestController
@RequestMapping("/api/runs")
class RunController {

    private final RunService runs;

    RunController(RunService runs) {
        this.runs = runs;
    }

    @PostMapping
    RunResponse run(@Valid @RequestBody RunRequest request) {
        return this.runs.run(CurrentUser.id(), request);
    }
}
