package io.taidon.snapshotcache.snapshot;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;

/** The caller's own snapshots ({@code /api/snapshots}); another user's snapshot is 404. */
@RestController
@RequestMapping("/api/snapshots")
class SnapshotController {

    private final SnapshotService snapshots;

    SnapshotController(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GetMapping
    List<SnapshotResponse> list() {
        return this.snapshots.listOwn(CurrentUser.id()).stream().map(s -> SnapshotResponse.of(s, List.of())).toList();
    }

    @GetMapping("/{id}")
    SnapshotResponse get(@PathVariable String id) {
        SnapshotService.OwnSnapshot own = this.snapshots.getOwn(CurrentUser.id(), id);
        return SnapshotResponse.of(own.snapshot(), own.lineage());
    }

    /** The lineage tree around the snapshot: oldest visible ancestor, then every descendant (the caller's own). */
    @GetMapping("/{id}/lineage")
    SnapshotService.Lineage lineage(@PathVariable String id) {
        return this.snapshots.lineage(CurrentUser.id(), id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        this.snapshots.deleteOwn(CurrentUser.id(), id);
        return ResponseEntity.noContent().build();
    }
}
