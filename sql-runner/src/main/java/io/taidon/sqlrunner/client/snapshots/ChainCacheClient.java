package io.taidon.sqlrunner.client.snapshots;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * snapshot-cache's chain cache (see {@code snapshot-cache/README.md}), with sql-runner's service token:
 * {@code POST /internal/chain-cache/lookup}, build leases ({@code POST/DELETE /internal/chain-cache/builds/{hash}})
 * and verified blob reads ({@code GET /internal/snapshots/{id}/blobs/{sha256}}). A 4xx becomes
 * {@link DownstreamRejectedException} (the same 4xx), any other failure {@link DownstreamUnavailableException};
 * callers treat the chain cache as optional.
 */
@Component
public class ChainCacheClient {

    private static final String SERVICE = "snapshot-cache";

    private final RestClient client;

    ChainCacheClient(ServiceRestClients clients) {
        this.client = clients.forService(SERVICE);
    }

    /**
     * @param chainHashes {@code h_1 … h_m}
     * @return the deepest of them with a chain snapshot, or empty
     */
    public Optional<Lookup> lookup(List<String> chainHashes) {
        try {
            Lookup answer = this.client.post()
                .uri("/internal/chain-cache/lookup")
                .body(Map.of("chainHashes", chainHashes))
                .retrieve()
                .body(Lookup.class);
            return answer != null && answer.hit() && answer.snapshotId() != null ? Optional.of(answer)
                    : Optional.empty();
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * @param snapshotId a snapshot
     * @param sha256 one of its blobs (a small one: it is read into memory)
     * @return the blob's bytes
     */
    public byte[] smallBlob(String snapshotId, String sha256) {
        try {
            byte[] body = this.client.get()
                .uri("/internal/snapshots/{id}/blobs/{sha256}", snapshotId, sha256)
                .retrieve()
                .body(byte[].class);
            return body != null ? body : new byte[0];
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * Takes the build lease of a chain hash, so that nothing is built twice.
     *
     * @param chainHash the chain hash
     * @return the lease id, or empty when another build holds it (423) or the snapshot exists (409)
     */
    public Optional<String> acquireBuild(String chainHash) {
        try {
            Lease lease = this.client.post()
                .uri("/internal/chain-cache/builds/{chainHash}", chainHash)
                .retrieve()
                .body(Lease.class);
            return lease != null ? Optional.of(lease.leaseId()) : Optional.empty();
        }
        catch (RestClientResponseException ex) {
            if (ex.getStatusCode().value() == HttpStatus.LOCKED.value()
                    || ex.getStatusCode().value() == HttpStatus.CONFLICT.value()) {
                return Optional.empty();
            }
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * Gives a lease back after a failed build.
     *
     * @param chainHash the chain hash
     * @param leaseId the lease
     */
    public void releaseBuild(String chainHash, String leaseId) {
        try {
            this.client.delete()
                .uri("/internal/chain-cache/builds/{chainHash}?leaseId={leaseId}", chainHash, leaseId)
                .retrieve()
                .toBodilessEntity();
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * A lookup answer.
     *
     * @param hit whether a chain snapshot was found
     * @param depth its 1-based position in the asked list
     * @param chainHash its chain hash
     * @param snapshotId its id
     * @param manifest its verified manifest
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Lookup(boolean hit, @Nullable Integer depth, @Nullable String chainHash, @Nullable String snapshotId,
            @Nullable Manifest manifest) {
    }

    /** @param files the snapshot's files */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Manifest(@Nullable List<ManifestFile> files) {
    }

    /**
     * @param path file path in the snapshot
     * @param sha256 its blob
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ManifestFile(String path, String sha256) {
    }

    /** @param leaseId the build lease */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lease(String leaseId) {
    }
}
