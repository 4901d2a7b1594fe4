package io.taidon.envmanager.snapshot;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;

/** {@code POST /api/sandboxes/{id}/snapshots {name}}: a named snapshot of the caller's own sandbox. */
@RestController
class SnapshotController {

    private final SnapshotCaptureService captures;

    SnapshotController(SnapshotCaptureService captures) {
        this.captures = captures;
    }

    @PostMapping("/api/sandboxes/{sandboxId}/snapshots")
    ResponseEntity<SnapshotCreated> create(@PathVariable String sandboxId,
            @RequestBody(required = false) @Nullable NamedSnapshotRequest request) {
        String snapshotId = this.captures.captureNamed(CurrentUser.id(), sandboxId,
                request != null ? request.name() : null);
        return ResponseEntity.status(HttpStatus.CREATED).body(new SnapshotCreated(snapshotId));
    }

    /** @param name the snapshot's name, or null */
    record NamedSnapshotRequest(@Nullable String name) {
    }

    /** @param snapshotId the new snapshot's id */
    record SnapshotCreated(String snapshotId) {
    }
}
