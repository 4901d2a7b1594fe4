package io.taidon.envmanager.sandbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;

/** Service-token endpoints for sql-runner and user-profile ({@code /internal/**}). */
@RestController
@RequestMapping("/internal")
class InternalSandboxController {

    private final SandboxService sandboxes;

    InternalSandboxController(SandboxService sandboxes) {
        this.sandboxes = sandboxes;
    }

    @PostMapping("/sandboxes/default")
    SandboxStatusResponse defaultSandbox(@RequestBody DefaultSandboxRequest request) {
        if (request.userId() == null || request.userId().isBlank()) {
            throw new InvalidRequestException("invalid-user-id", "userId is required.");
        }
        String fromSnapshotId = request.fromSnapshotId() != null && !request.fromSnapshotId().isBlank()
                ? request.fromSnapshotId() : null;
        SandboxService.DefaultSandbox answer = this.sandboxes.defaultSandbox(request.userId(), fromSnapshotId);
        return new SandboxStatusResponse(answer.sandbox().id(), answer.sandbox().status().api(),
                answer.restoredFrom(), answer.sandbox().base().ref());
    }

    @GetMapping("/sandboxes/{sandboxId}")
    SandboxOwnerResponse get(@PathVariable String sandboxId, @RequestParam String userId) {
        SandboxView view = this.sandboxes.getForUser(sandboxId, userId);
        return new SandboxOwnerResponse(view.id(), view.userId(), view.status().api(), view.base().ref(),
                view.base().since());
    }

    @GetMapping("/sandboxes/{sandboxId}/connection")
    LearnerConnection connection(@PathVariable String sandboxId) {
        return this.sandboxes.learnerConnection(sandboxId);
    }

    @PostMapping("/sandboxes/{sandboxId}/reset")
    ResponseEntity<Void> reset(@PathVariable String sandboxId) {
        this.sandboxes.reset(null, sandboxId, null);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/users/{userId}/usage")
    UsageResponse usage(@PathVariable String userId) {
        return new UsageResponse(this.sandboxes.count(userId));
    }

    /**
     * @param userId the user whose default sandbox is wanted
     * @param fromSnapshotId snapshot to create it from when it does not exist yet, or null (created empty)
     */
    record DefaultSandboxRequest(@Nullable String userId, @Nullable String fromSnapshotId) {
    }

    /**
     * @param sandboxId the sandbox
     * @param status its status
     * @param restoredFrom the snapshot it was created from by this very call, or null (it existed already, or was
     *        created empty)
     * @param baseRef what the sandbox's chain hashes commit to ({@link SandboxBase#ref()})
     */
    record SandboxStatusResponse(String sandboxId, String status, @Nullable String restoredFrom, String baseRef) {
    }

    /**
     * @param sandboxId the sandbox
     * @param userId its owner
     * @param status its status
     * @param baseRef what the sandbox's chain hashes commit to ({@link SandboxBase#ref()})
     * @param baseSince when the learner last went back to the base ({@link SandboxBase#since()})
     */
    record SandboxOwnerResponse(String sandboxId, String userId, String status, String baseRef,
            Instant baseSince) {
    }

    /** @param sandboxes how many sandboxes the user has */
    record UsageResponse(long sandboxes) {
    }
}
