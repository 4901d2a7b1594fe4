package io.taidon.snapshotcache.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.snapshotcache.manifest.Manifest;
import io.taidon.snapshotcache.storage.BlobStore;

/**
 * Restores and bookkeeping for other services (service token): the verified manifest, verified blob bytes, the
 * in-use mark and pin, and a user's usage.
 */
@RestController
class InternalSnapshotController {

    private final SnapshotService snapshots;

    InternalSnapshotController(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GetMapping("/internal/snapshots/{id}/manifest")
    Manifest manifest(@PathVariable String id) {
        return this.snapshots.readManifest(id);
    }

    /** Raw (decompressed) bytes of one blob, verified against its SHA-256 before the first byte is sent. */
    @GetMapping("/internal/snapshots/{id}/blobs/{sha256}")
    void blob(@PathVariable String id, @PathVariable String sha256, HttpServletResponse response)
            throws IOException {
        Path file = this.snapshots.readBlob(id, sha256);
        try {
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setContentLengthLong(Files.size(file));
            response.setHeader("X-Content-SHA256", sha256);
            try (OutputStream out = response.getOutputStream()) {
                Files.copy(file, out);
            }
        }
        finally {
            BlobStore.deleteQuietly(file);
        }
    }

    @PostMapping("/internal/snapshots/{id}/in-use")
    ResponseEntity<Void> inUse(@PathVariable String id) {
        this.snapshots.touch(id);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/internal/snapshots/{id}/pin")
    ResponseEntity<Void> pin(@PathVariable String id, @RequestBody PinRequest request) {
        this.snapshots.pin(id, request.pinned());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/internal/users/{userId}/usage")
    SnapshotService.Usage usage(@PathVariable String userId) {
        return this.snapshots.usage(userId);
    }

    /**
     * @param pinned whether retention and eviction must keep the snapshot
     */
    record PinRequest(boolean pinned) {
    }
}
