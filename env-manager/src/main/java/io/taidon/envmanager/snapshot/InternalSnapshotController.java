package io.taidon.envmanager.snapshot;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.envmanager.sandbox.SandboxService;
import io.taidon.envmanager.sandbox.SandboxView;
import io.taidon.platform.problem.InvalidRequestException;

/**
 * Service-token snapshot endpoints: capture a sandbox, create a sandbox from a snapshot, restore a snapshot into
 * an existing sandbox (its instance is replaced; same id).
 */
@RestController
class InternalSnapshotController {

    private final SnapshotCaptureService captures;

    private final SandboxService sandboxes;

    InternalSnapshotController(SnapshotCaptureService captures, SandboxService sandboxes) {
        this.captures = captures;
        this.sandboxes = sandboxes;
    }

    @PostMapping("/internal/sandboxes/{sandboxId}/snapshots")
    ResponseEntity<?> capture(@PathVariable String sandboxId, @RequestBody CaptureRequest request) {
        boolean background = Boolean.TRUE.equals(request.background());
        String snapshotId = this.captures.capture(sandboxId, required(request.kind(), "kind"), request.chainHash(),
                request.name(), required(request.idempotencyKey(), "idempotencyKey"), request.metadata(), background);
        if (snapshotId == null) {
            // the sandbox runs again; the staged copy is being uploaded
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "uploading"));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(new SnapshotController.SnapshotCreated(snapshotId));
    }

    @PostMapping("/internal/sandboxes/from-snapshot")
    ResponseEntity<RestoredSandbox> fromSnapshot(@RequestBody FromSnapshotRequest request) {
        SandboxView view = this.sandboxes.create(required(request.userId(), "userId"),
                required(request.snapshotId(), "snapshotId"), false);
        return ResponseEntity.status(HttpStatus.CREATED).body(new RestoredSandbox(view.id(), view.status().api()));
    }

    @PostMapping("/internal/sandboxes/{sandboxId}/restore")
    RestoredSandbox restore(@PathVariable String sandboxId, @RequestBody RestoreRequest request) {
        this.sandboxes.reset(null, sandboxId, required(request.snapshotId(), "snapshotId"));
        SandboxView view = this.sandboxes.find(sandboxId);
        return new RestoredSandbox(view.id(), view.status().api());
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("invalid-" + field, field + " is required.");
        }
        return value;
    }

    /**
     * @param kind {@code chain}, {@code named} or {@code auto}
     * @param chainHash for {@code chain}
     * @param name optional name
     * @param idempotencyKey the same key gives the same snapshot
     * @param metadata opaque text stored with the snapshot (sql-runner's recorded results), or null
     * @param background true: answer 202 as soon as the sandbox runs again and upload the staged copy after
     */
    record CaptureRequest(@Nullable String kind, @Nullable String chainHash, @Nullable String name,
            @Nullable String idempotencyKey, @Nullable String metadata, @Nullable Boolean background) {
    }

    /**
     * @param userId the new sandbox's owner
     * @param snapshotId the snapshot (a named one must be the user's own)
     */
    record FromSnapshotRequest(@Nullable String userId, @Nullable String snapshotId) {
    }

    /** @param snapshotId the snapshot to restore */
    record RestoreRequest(@Nullable String snapshotId) {
    }

    /**
     * @param sandboxId the sandbox
     * @param status its status
     */
    record RestoredSandbox(String sandboxId, String status) {
    }
}
