package io.taidon.snapshotcache.upload;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.snapshotcache.upload.UploadRequests.BlobResponse;
import io.taidon.snapshotcache.upload.UploadRequests.CommitResponse;
import io.taidon.snapshotcache.upload.UploadRequests.CreateUploadRequest;
import io.taidon.snapshotcache.upload.UploadRequests.UploadResponse;

/**
 * The upload protocol for env-manager's capture (service token): {@code POST /internal/snapshots/uploads},
 * {@code PUT …/{uploadId}/blobs/{sha256}} with the raw bytes as a streamed body, {@code POST …/{uploadId}/commit}.
 * New things answer 201, repeats 200.
 */
@RestController
@RequestMapping("/internal/snapshots/uploads")
class UploadController {

    private final UploadService uploads;

    UploadController(UploadService uploads) {
        this.uploads = uploads;
    }

    @PostMapping
    ResponseEntity<UploadResponse> open(@RequestBody CreateUploadRequest request) {
        UploadService.Opened opened = this.uploads.open(request);
        return ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK).body(opened.response());
    }

    @PutMapping("/{uploadId}/blobs/{sha256}")
    ResponseEntity<BlobResponse> blob(@PathVariable String uploadId, @PathVariable String sha256,
            HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            UploadService.Received received = this.uploads.receive(uploadId, sha256, body);
            return ResponseEntity.status(received.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(received.response());
        }
    }

    @PostMapping("/{uploadId}/commit")
    ResponseEntity<CommitResponse> commit(@PathVariable String uploadId) {
        UploadService.Committed committed = this.uploads.commit(uploadId);
        return ResponseEntity.status(committed.created() ? HttpStatus.CREATED : HttpStatus.OK)
            .body(committed.response());
    }
}
