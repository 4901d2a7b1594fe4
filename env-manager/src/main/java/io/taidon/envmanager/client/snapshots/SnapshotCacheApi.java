package io.taidon.envmanager.client.snapshots;

import java.io.InputStream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Committed;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.CreateUpload;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Manifest;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Upload;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Usage;

/**
 * snapshot-cache's internal snapshot API as env-manager calls it (HTTP service group {@code snapshot-cache}); called
 * only through {@link SnapshotCacheClient}, which carries the resilience, streaming checks and error mapping.
 */
@HttpExchange("/internal")
interface SnapshotCacheApi {

    @PostExchange("/snapshots/uploads")
    @Nullable Upload createUpload(@RequestBody CreateUpload request);

    /** The blob is streamed from the resource, with its length as {@code Content-Length}. */
    @PutExchange(url = "/snapshots/uploads/{uploadId}/blobs/{sha256}",
            contentType = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    void putBlob(@PathVariable String uploadId, @PathVariable String sha256, @RequestBody Resource blob);

    @PostExchange("/snapshots/uploads/{uploadId}/commit")
    @Nullable Committed commit(@PathVariable String uploadId);

    @GetExchange("/snapshots/{id}/manifest")
    @Nullable Manifest manifest(@PathVariable String id);

    /** The open body, which the caller reads and closes; null for an empty blob (no body). */
    @GetExchange("/snapshots/{id}/blobs/{sha256}")
    @Nullable InputStream blob(@PathVariable String id, @PathVariable String sha256);

    @GetExchange("/users/{userId}/usage")
    @Nullable Usage usage(@PathVariable String userId);
}
