package io.taidon.envmanager.client.snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.NotFoundException;

/**
 * snapshot-cache's internal snapshot API (see {@code snapshot-cache/README.md}) with this service's token: create an
 * upload (which blobs are missing), stream a blob from a file, commit; read a verified manifest and stream a
 * verified blob to a file. Bodies are streamed, never held in memory. A 404 becomes {@link NotFoundException}, a
 * corrupt snapshot {@link ConflictException} ({@code snapshot-corrupt}), another 4xx the same 4xx
 * ({@link DownstreamRejectedException}), anything else that fails {@link DownstreamUnavailableException} (503).
 */
@Component
public class SnapshotCacheClient {

    static final String SERVICE = "snapshot-cache";

    private final RestClient client;

    SnapshotCacheClient(ServiceRestClients clients) {
        this.client = clients.forService(SERVICE);
    }

    /**
     * {@code POST /internal/snapshots/uploads}.
     *
     * @param request the snapshot to be and its file list
     * @return the upload id, the SHA-256 of blobs to send, and the snapshot id when the key was committed already
     */
    public Upload createUpload(CreateUpload request) {
        return call(() -> this.client.post().uri("/internal/snapshots/uploads").body(request).retrieve()
            .body(Upload.class), "upload");
    }

    /**
     * {@code PUT /internal/snapshots/uploads/{uploadId}/blobs/{sha256}}, streaming the file as the body.
     *
     * @param uploadId the upload
     * @param sha256 the file's SHA-256 (hex)
     * @param file the file, unchanged since it was hashed
     */
    public void putBlob(String uploadId, String sha256, Path file) {
        call(() -> {
            long size = Files.size(file);
            this.client.put()
                .uri("/internal/snapshots/uploads/{uploadId}/blobs/{sha256}", uploadId, sha256)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(size))
                .body(out -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(out);
                    }
                })
                .retrieve()
                .toBodilessEntity();
            return null;
        }, "upload");
    }

    /**
     * {@code POST /internal/snapshots/uploads/{uploadId}/commit}.
     *
     * @param uploadId the upload
     * @return the committed snapshot
     */
    public Committed commit(String uploadId) {
        return call(() -> this.client.post().uri("/internal/snapshots/uploads/{uploadId}/commit", uploadId)
            .retrieve().body(Committed.class), "upload");
    }

    /**
     * {@code GET /internal/snapshots/{id}/manifest}: verified by snapshot-cache (signature, ids).
     *
     * @param snapshotId the snapshot
     * @return its manifest
     */
    public Manifest manifest(String snapshotId) {
        return call(() -> this.client.get().uri("/internal/snapshots/{id}/manifest", snapshotId).retrieve()
            .body(Manifest.class), snapshotId);
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
        call(() -> this.client.get().uri("/internal/snapshots/{id}/blobs/{sha256}", snapshotId, sha256)
            .exchange((request, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new HttpClientErrorException(response.getStatusCode(), "blob " + sha256);
                }
                java.security.MessageDigest digest = sha256();
                try (InputStream in = new java.security.DigestInputStream(response.getBody(), digest)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (!java.util.HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(sha256)) {
                    Files.deleteIfExists(target);
                    throw new ConflictException("snapshot-corrupt", "Snapshot " + snapshotId
                            + " failed verification and is refused.");
                }
                return null;
            }), snapshotId);
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * {@code GET /internal/users/{userId}/usage}.
     *
     * @param userId the user
     * @return how many named snapshots they have
     */
    public long namedSnapshots(String userId) {
        Usage usage = call(() -> this.client.get().uri("/internal/users/{userId}/usage", userId).retrieve()
            .body(Usage.class), userId);
        return usage.namedSnapshots();
    }

    private <T> T call(Call<T> call, String id) {
        try {
            T answer = call.run();
            return answer;
        }
        catch (RestClientResponseException ex) {
            HttpStatusCode status = ex.getStatusCode();
            if (status.value() == HttpStatus.NOT_FOUND.value()) {
                throw NotFoundException.forId("snapshot", id);
            }
            if (status.value() == HttpStatus.CONFLICT.value() && ex.getResponseBodyAsString().contains("snapshot-corrupt")) {
                throw new ConflictException("snapshot-corrupt", "Snapshot " + id + " failed verification and is refused.");
            }
            // a refused request (400, 409, 413, …) is the caller's to fix: passed on as that 4xx, never a 503
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
        catch (RestClientException | IOException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
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
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
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
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Manifest(int formatVersion, String snapshotId, String owner, String kind, String engineVersion,
            @Nullable String parentId, @Nullable String chainHash, List<ManifestFile> files, long totalSize) {
    }

    /**
     * @param path path relative to PGDATA, {@code /}-separated
     * @param mode POSIX permission bits, e.g. {@code 0600} = 384
     * @param size bytes
     * @param sha256 hex SHA-256 of the content
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record ManifestFile(String path, int mode, long size, String sha256) {
    }

    /** @param namedSnapshots how many named snapshots the user has */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(long namedSnapshots) {
    }
}
