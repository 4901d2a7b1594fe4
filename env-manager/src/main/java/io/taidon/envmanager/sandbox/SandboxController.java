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

    @PostMapping("/{sandboxId}/reset")
    SandboxResponse reset(@PathVariable String sandboxId,
            @RequestBody(required = false) @Nullable ResetSandboxRequest request) {
        String userId = CurrentUser.id();
        this.sandboxes.reset(userId, sandboxId, request != null ? request.snapshotId() : null);
        return SandboxResponse.of(this.sandboxes.getForUser(sandboxId, userId), null);
    }

    /** @param fromSnapshotId a snapshot to create the sandbox from (a branch), or null for an empty sandbox */
    record CreateSandboxRequest(@Nullable String fromSnapshotId) {
    }

    /** @param snapshotId a snapshot to restore the sandbox to, or null to reset it to empty */
    record ResetSandboxRequest(@Nullable String snapshotId) {
    }

    /**
     * A sandbox as its owner sees it: never host, port or credentials.
     *
     * @param id {@code sb_…}
     * @param status {@code creating}, {@code running}, {@code stopped} or {@code failed}
     * @param engineVersion PostgreSQL version
     * @param defaultSandbox whether runs use it by default
     * @param createdAt creation time
     * @param lastUsedAt last use
     * @param sizeBytes bytes on disk (single reads only), or null
     */
    record SandboxResponse(String id, String status, String engineVersion, boolean defaultSandbox, Instant createdAt,
            Instant lastUsedAt, @Nullable Long sizeBytes) {

        static SandboxResponse of(SandboxView view, @Nullable Long sizeBytes) {
            return new SandboxResponse(view.id(), view.status().api(), view.engineVersion(), view.defaultSandbox(),
                    view.createdAt(), view.lastUsedAt(), sizeBytes);
        }
    }
}
