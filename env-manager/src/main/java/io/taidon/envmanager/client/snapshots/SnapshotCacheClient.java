package io.taidon.envmanager.client.snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.NotFoundException;

/**
 * snapshot-cache's internal snapshot API (see {@code snapshot-cache/README.md}; {@link SnapshotCacheApi}, HTTP service
 * group {@code snapshot-cache}) with this service's token: create an upload (which blobs are missing), stream a blob
 * from a file, commit; read a verified manifest and stream a verified blob to a file. Bodies are streamed, never held
 * in memory. Every call goes through the {@code snapshot-cache} circuit breaker ({@link DownstreamCalls}), all but the
 * commit also through the {@code snapshot-cache} retry (uploads are keyed by their idempotency key, blobs by their
 * hash). A 404 becomes {@link NotFoundException}, a corrupt snapshot {@link ConflictException}
 * ({@code snapshot-corrupt}), another 4xx the same 4xx ({@link DownstreamRejectedException}); none of them counts
 * against the breaker. Anything else that fails, or an open breaker, is {@link DownstreamUnavailableException} (503).
 */
@Component
public class SnapshotCacheClient {

    static final String SERVICE = "snapshot-cache";

    private final SnapshotCacheApi api;

    private final DownstreamCalls calls;

    SnapshotCacheClient(SnapshotCacheApi api, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.api = api;
        this.calls = DownstreamCalls.of(SERVICE, circuitBreakers, retries);
    }

    /**
     * {@code POST /internal/snapshots/uploads}.
     *
     * @param request the snapshot to be and its file list
     * @return the upload id, the SHA-256 of blobs to send, and the snapshot id when the key was committed already
     */
    public Upload createUpload(CreateUpload request) {
        return answer(idempotent(() -> this.api.createUpload(request), "upload"), "upload");
    }

    /**
     * {@code PUT /internal/snapshots/uploads/{uploadId}/blobs/{sha256}}, streaming the file as the body.
     *
     * @param uploadId the upload
     * @param sha256 the file's SHA-256 (hex)
     * @param file the file, unchanged since it was hashed
     */
    public void putBlob(String uploadId, String sha256, Path file) {
        idempotent(() -> {
            this.api.putBlob(uploadId, sha256, new FileSystemResource(file));
            return null;
        }, "upload");
    }

    /**
     * {@code POST /internal/snapshots/uploads/{uploadId}/commit}. Not retried: a commit whose answer was lost is not
     * to be repeated blindly.
     *
     * @param uploadId the upload
     * @return the committed snapshot
     */
    public Committed commit(String uploadId) {
        Committed committed;
        try {
            committed = this.calls.call(() -> this.api.commit(uploadId));
        }
        catch (DownstreamRejectedException ex) {
            throw refusal(ex, "upload");
        }
        return answer(committed, "upload");
    }

    /**
     * {@code GET /internal/snapshots/{id}/manifest}: verified by snapshot-cache (signature, ids).
     *
     * @param snapshotId the snapshot
     * @return its manifest
     */
    public Manifest manifest(String snapshotId) {
        return answer(idempotent(() -> this.api.manifest(snapshotId), snapshotId), snapshotId);
    }

    /**
     * {@code GET /internal/snapshots/{id}/blobs/{sha256}} streamed into a file (replaced); the content's SHA-256 is
     * checked while streaming (a mismatch deletes the file and is {@link ConflictException} {@code snapshot-corrupt}).
     *
     * @param snapshotId the snapshot
     * @param sha256 the blob
     * @param target where to write it
     */
    public void downloadBlob(String snapshotId, String sha256, Path target) {
        idempotent(() -> {
            MessageDigest digest = sha256();
            InputStream body = this.api.blob(snapshotId, sha256);
            try (InputStream in = new DigestInputStream(body != null ? body : InputStream.nullInputStream(), digest)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                if (!HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(sha256)) {
                    Files.deleteIfExists(target);
                    throw new ConflictException("snapshot-corrupt", "Snapshot " + snapshotId
                            + " failed verification and is refused.");
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return null;
        }, snapshotId);
    }

    /**
     * {@code GET /internal/users/{userId}/usage}.
     *
     * @param userId the user
     * @return how many named snapshots they have
     */
    public long namedSnapshots(String userId) {
        return answer(idempotent(() -> this.api.usage(userId), userId), userId).namedSnapshots();
    }

    private <T extends @Nullable Object> T idempotent(Supplier<T> call, String id) {
        try {
            return this.calls.callIdempotent(call);
        }
        catch (DownstreamRejectedException ex) {
            throw refusal(ex, id);
        }
    }

    /** A refused request (400, 409, 413, …) is the caller's to fix: passed on as that 4xx, never a 503. */
    private static RuntimeException refusal(DownstreamRejectedException ex, String id) {
        if (ex.status() == HttpStatus.NOT_FOUND) {
            return NotFoundException.forId("snapshot", id);
        }
        if (ex.status() == HttpStatus.CONFLICT && "snapshot-corrupt".equals(ex.kind())) {
            return new ConflictException("snapshot-corrupt", "Snapshot " + id + " failed verification and is refused.");
        }
        return ex;
    }

    private static <T> T answer(@Nullable T answer, String id) {
        if (answer == null) {
            throw new DownstreamUnavailableException(SERVICE, new IllegalStateException("empty answer for " + id));
        }
        return answer;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param owner user id
     * @param kind {@code chain}, {@code named} or {@code auto}
     * @param engineVersion e.g. {@code 18.1}
     * @param parentId snapshot this sandbox was restored from, or null
     * @param chainHash chain hash of a chain snapshot, or null
     * @param name a named snapshot's name, or null
     * @param idempotencyKey the same key gives the same snapshot
     * @param files every file of the snapshot
     */
    public record CreateUpload(String owner, String kind, String engineVersion, @Nullable String parentId,
            @Nullable String chainHash, @Nullable String name, String idempotencyKey, List<ManifestFile> files) {
    }

    /**
     * @param uploadId the upload
     * @param missing SHA-256 of the blobs to send
     * @param snapshotId the snapshot when this key was committed already, else null
     */
    public record Upload(String uploadId, List<String> missing, @Nullable String snapshotId) {
    }

    /**
     * @param snapshotId the new snapshot
     * @param kind its kind
     * @param chainHash its chain hash or null
     * @param logicalSize bytes of all its files
     * @param storedSize bytes newly stored
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Committed(String snapshotId, String kind, @Nullable String chainHash, long logicalSize,
            long storedSize) {
    }

    /**
     * A verified manifest (format of snapshot-cache's README).
     *
     * @param formatVersion 1
     * @param snapshotId id
     * @param owner owner's user id
     * @param kind chain, named, auto or archive
     * @param engineVersion PostgreSQL version of the captured cluster
     * @param parentId parent snapshot or null
     * @param chainHash chain hash or null
     * @param files the files
     * @param totalSize sum of file sizes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Manifest(int formatVersion, String snapshotId, String owner, String kind, String engineVersion,
            @Nullable String parentId, @Nullable String chainHash, List<ManifestFile> files, long totalSize) {
    }

    /**
     * @param path path relative to PGDATA, {@code /}-separated
     * @param mode POSIX permission bits, e.g. {@code 0600} = 384
     * @param size bytes
     * @param sha256 hex SHA-256 of the content
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ManifestFile(String path, int mode, long size, String sha256) {
    }

    /** @param namedSnapshots how many named snapshots the user has */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(long namedSnapshots) {
    }
}
