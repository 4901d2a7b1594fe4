package io.taidon.envmanager.sandbox;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;

/** The caller's own sandboxes ({@code /api/sandboxes}); another user's sandbox is 404. */
@RestController
@RequestMapping("/api/sandboxes")
class SandboxController {

    private final SandboxService sandboxes;

    SandboxController(SandboxService sandboxes) {
        this.sandboxes = sandboxes;
    }

    @PostMapping
    ResponseEntity<SandboxResponse> create(@RequestBody(required = false) @Nullable CreateSandboxRequest request) {
        SandboxView view = this.sandboxes.create(CurrentUser.id(), request != null ? request.fromSnapshotId() : null,
                false);
        return ResponseEntity.status(HttpStatus.CREATED).body(SandboxResponse.of(view, null));
    }

    @GetMapping
    List<SandboxResponse> list() {
        return this.sandboxes.list(CurrentUser.id()).stream().map(view -> SandboxResponse.of(view, null)).toList();
    }

    @GetMapping("/{sandboxId}")
    SandboxResponse get(@PathVariable String sandboxId) {
        SandboxView view = this.sandboxes.get(CurrentUser.id(), sandboxId);
        return SandboxResponse.of(view, this.sandboxes.sizeBytes(sandboxId));
    }

    @DeleteMapping("/{sandboxId}")
    ResponseEntity<Void> delete(@PathVariable String sandboxId) {
        this.sandboxes.delete(CurrentUser.id(), sandboxId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{sandboxId}/restart")
    SandboxResponse restart(@PathVariable String sandboxId) {
        return SandboxResponse.of(this.sandboxes.restart(CurrentUser.id(), sandboxId), null);
    }

    /** Back to the sandbox's base; the older form {@code {snapshotId}} is an alias of {@link #restore}. */
    @PostMapping("/{sandboxId}/reset")
    SandboxResponse reset(@PathVariable String sandboxId,
            @RequestBody(required = false) @Nullable RestoreSandboxRequest request) {
        String userId = CurrentUser.id();
        this.sandboxes.reset(userId, sandboxId, request != null ? blankToNull(request.snapshotId()) : null);
        return SandboxResponse.of(this.sandboxes.getForUser(sandboxId, userId), null);
    }

    /** Makes a snapshot (the caller's own) the sandbox's base and its current state. */
    @PostMapping("/{sandboxId}/restore")
    SandboxResponse restore(@PathVariable String sandboxId,
            @RequestBody(required = false) @Nullable RestoreSandboxRequest request) {
        String snapshotId = request != null ? blankToNull(request.snapshotId()) : null;
        if (snapshotId == null) {
            throw new InvalidRequestException("invalid-snapshotId", "snapshotId is required.");
        }
        String userId = CurrentUser.id();
        this.sandboxes.reset(userId, sandboxId, snapshotId);
        return SandboxResponse.of(this.sandboxes.getForUser(sandboxId, userId), null);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** @param fromSnapshotId a snapshot to create the sandbox from (a branch: it becomes the base), or null */
    record CreateSandboxRequest(@Nullable String fromSnapshotId) {
    }

    /** @param snapshotId the snapshot to restore (it becomes the base) */
    record RestoreSandboxRequest(@Nullable String snapshotId) {
    }

    /**
     * A sandbox as its owner sees it: never host, port or credentials.
     *
     * @param id {@code sb_…}
     * @param status {@code creating}, {@code running}, {@code stopped}, {@code suspended} (idle, resumed on its next
     *        use) or {@code failed} ({@link SandboxStatus#api})
     * @param engineVersion PostgreSQL version
     * @param defaultSandbox whether runs use it by default
     * @param createdAt creation time
     * @param lastUsedAt last use
     * @param sizeBytes bytes on disk (single reads only), or null
     * @param base what runs start from and reset goes back to
     */
    record SandboxResponse(String id, String status, String engineVersion, boolean defaultSandbox, Instant createdAt,
            Instant lastUsedAt, @Nullable Long sizeBytes, Base base) {

        static SandboxResponse of(SandboxView view, @Nullable Long sizeBytes) {
            return new SandboxResponse(view.id(), view.status().api(), view.engineVersion(), view.defaultSandbox(),
                    view.createdAt(), view.lastUsedAt(), sizeBytes,
                    new Base(view.base().empty() ? "empty" : "snapshot", view.base().snapshotId()));
        }
    }

    /**
     * @param kind {@code empty} or {@code snapshot}
     * @param snapshotId the base snapshot, or null when empty
     */
    record Base(String kind, @Nullable String snapshotId) {
    }
}
