package io.taidon.sqlrunner.run;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;

/**
 * {@code POST /api/sandboxes/{id}/snapshots {name}}: save the caller's sandbox as the learner last saw it
 * ({@link SnapshotSave}); {@code 201 {snapshotId}}. The gateway routes this one sandbox path to sql-runner, which
 * knows the last run.
 */
@RestController
class SnapshotSaveController {

    /** Longest snapshot name, in characters. */
    static final int MAX_NAME = 200;

    private final SnapshotSave saves;

    SnapshotSaveController(SnapshotSave saves) {
        this.saves = saves;
    }

    @PostMapping("/api/sandboxes/{sandboxId}/snapshots")
    ResponseEntity<SnapshotCreated> save(@PathVariable String sandboxId,
            @RequestBody(required = false) @Nullable SaveRequest request) {
        String name = request != null && request.name() != null && !request.name().isBlank()
                ? request.name().strip() : null;
        if (name != null && name.length() > MAX_NAME) {
            throw new InvalidRequestException("invalid-name", "name must be at most " + MAX_NAME + " characters.");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
            .body(new SnapshotCreated(this.saves.save(CurrentUser.id(), sandboxId, name)));
    }

    /** @param name the snapshot's name, or null */
    record SaveRequest(@Nullable String name) {
    }

    /** @param snapshotId the new snapshot's id ({@code GET /api/snapshots/{id}} describes it) */
    record SnapshotCreated(String snapshotId) {
    }
}
