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
 * Service-token snapshot endpoints: capture a sandbox, create a sandbox from a snapshot (a branch: it becomes the
 * base), restore a chain snapshot of the sandbox's own base into it (its instance is replaced; same id and base).
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
        return ResponseEntity.status(HttpStatus.CREATED).body(new SnapshotCreated(snapshotId));
    }

    /**
     * A named snapshot of a user's sandbox, quota-checked: sql-runner's save, after it applied the head the last run
     * rolled back ({@code POST /api/sandboxes/{id}/snapshots} through the gateway).
     */
    @PostMapping("/internal/sandboxes/{sandboxId}/named-snapshots")
    ResponseEntity<SnapshotCreated> captureNamed(@PathVariable String sandboxId,
            @RequestBody NamedCaptureRequest request) {
        String snapshotId = this.captures.captureNamed(required(request.userId(), "userId"), sandboxId,
                request.name() != null && !request.name().isBlank() ? request.name() : null, request.chainHash());
        return ResponseEntity.status(HttpStatus.CREATED).body(new SnapshotCreated(snapshotId));
    }

    @PostMapping("/internal/sandboxes/from-snapshot")
    ResponseEntity<RestoredSandbox> fromSnapshot(@RequestBody FromSnapshotRequest request) {
        SandboxView view = this.sandboxes.create(required(request.userId(), "userId"),
                required(request.snapshotId(), "snapshotId"), false);
        return ResponseEntity.status(HttpStatus.CREATED).body(new RestoredSandbox(view.id(), view.status().api()));
    }

    @PostMapping("/internal/sandboxes/{sandboxId}/restore")
    RestoredSandbox restore(@PathVariable String sandboxId, @RequestBody RestoreRequest request) {
        this.sandboxes.restoreChainPoint(sandboxId, required(request.snapshotId(), "snapshotId"));
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
     * @param userId the sandbox's owner (another user's sandbox is 404)
     * @param name the snapshot's name, or null
     * @param chainHash the chain hash of the run whose state it holds, or null
     */
    record NamedCaptureRequest(@Nullable String userId, @Nullable String name, @Nullable String chainHash) {
    }

    /** @param snapshotId the new snapshot's id */
    record SnapshotCreated(String snapshotId) {
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
