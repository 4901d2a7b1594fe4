package io.taidon.sqlrunner.client.snapshots;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * snapshot-cache's chain cache (see {@code snapshot-cache/README.md}; {@link ChainCacheApi}, HTTP service group
 * {@code snapshot-cache}), with sql-runner's service token: {@code POST /internal/chain-cache/lookup}, build leases
 * ({@code POST/DELETE /internal/chain-cache/builds/{hash}}) and verified blob reads
 * ({@code GET /internal/snapshots/{id}/blobs/{sha256}}). Every call goes through the {@code snapshot-cache} circuit
 * breaker ({@link DownstreamCalls}), the idempotent ones (all but taking a lease) also through the
 * {@code snapshot-cache} retry. A 4xx becomes {@link DownstreamRejectedException} (the same 4xx), any other failure
 * or an open breaker {@link DownstreamUnavailableException}; callers treat the chain cache as optional.
 */
@Component
public class ChainCacheClient {

    private static final String SERVICE = "snapshot-cache";

    private final ChainCacheApi api;

    private final DownstreamCalls calls;

    ChainCacheClient(ChainCacheApi api, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.api = api;
        this.calls = DownstreamCalls.of(SERVICE, circuitBreakers, retries);
    }

    /**
     * @param chainHashes {@code h_1 … h_m}
     * @return the deepest of them with a chain snapshot, or empty
     */
    public Optional<Lookup> lookup(List<String> chainHashes) {
        Lookup answer = this.calls.callIdempotent(() -> this.api.lookup(Map.of("chainHashes", chainHashes)));
        return answer != null && answer.hit() && answer.snapshotId() != null ? Optional.of(answer) : Optional.empty();
    }

    /**
     * @param snapshotId a snapshot
     * @param sha256 one of its blobs (a small one: it is read into memory)
     * @return the blob's bytes
     */
    public byte[] smallBlob(String snapshotId, String sha256) {
        byte[] body = this.calls.callIdempotent(() -> this.api.blob(snapshotId, sha256));
        return body != null ? body : new byte[0];
    }

    /**
     * Takes the build lease of a chain hash, so that nothing is built twice. Not retried: a lease taken by an
     * attempt whose answer was lost would block the build until it expires.
     *
     * @param chainHash the chain hash
     * @return the lease id, or empty when another build holds it (423) or the snapshot exists (409)
     */
    public Optional<String> acquireBuild(String chainHash) {
        try {
            Lease lease = this.calls.call(() -> this.api.acquireBuild(chainHash));
            return lease != null ? Optional.of(lease.leaseId()) : Optional.empty();
        }
        catch (DownstreamRejectedException ex) {
            if (ex.status() == HttpStatus.LOCKED || ex.status() == HttpStatus.CONFLICT) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    /**
     * Gives a lease back after a failed build.
     *
     * @param chainHash the chain hash
     * @param leaseId the lease
     */
    public void releaseBuild(String chainHash, String leaseId) {
        this.calls.runIdempotent(() -> this.api.releaseBuild(chainHash, leaseId));
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
