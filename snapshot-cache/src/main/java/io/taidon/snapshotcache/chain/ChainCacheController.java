package io.taidon.snapshotcache.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.Problems;
import io.taidon.platform.security.CurrentUser;
import io.taidon.snapshotcache.manifest.Manifest;

/**
 * Chain cache for sql-runner and env-manager (service token). {@code POST /internal/chain-cache/lookup} answers
 * 200 with {@code hit: true} and the deepest cached hash, or 200 {@code {hit: false}} on a miss (a miss is a normal
 * answer, not an error). {@code POST /internal/chain-cache/builds/{chainHash}} answers 201 with a lease to the first
 * caller and 423 Locked with {@code Retry-After} (seconds) to the others while the lease lasts.
 */
@RestController
@RequestMapping("/internal/chain-cache")
class ChainCacheController {

    private final ChainCacheService chainCache;

    ChainCacheController(ChainCacheService chainCache) {
        this.chainCache = chainCache;
    }

    @PostMapping("/lookup")
    LookupResponse lookup(@RequestBody LookupRequest request) {
        return this.chainCache.lookup(request.chainHashes() == null ? List.of() : request.chainHashes())
            .map(hit -> new LookupResponse(true, hit.depth(), hit.chainHash(), hit.snapshotId(), hit.manifest()))
            .orElseGet(() -> new LookupResponse(false, 0, null, null, null));
    }

    @PostMapping("/builds/{chainHash}")
    ResponseEntity<?> acquire(@PathVariable String chainHash) {
        ChainCacheService.LeaseAnswer answer = this.chainCache.acquire(chainHash, CurrentUser.id());
        if (answer.granted() != null) {
            return ResponseEntity.status(HttpStatus.CREATED).body(answer.granted());
        }
        Instant busyUntil = answer.busyUntil() == null ? Instant.now() : answer.busyUntil();
        long retryAfter = Math.max(1, Duration.between(Instant.now(), busyUntil).toSeconds());
        return ResponseEntity.status(HttpStatus.LOCKED)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(Problems.of(HttpStatus.LOCKED, "build-in-progress", "Build in progress",
                    "Chain hash " + chainHash + " is being built by another run; look it up again later."));
    }

    @DeleteMapping("/builds/{chainHash}")
    ResponseEntity<Void> release(@PathVariable String chainHash, @RequestParam String leaseId) {
        this.chainCache.release(chainHash, leaseId);
        return ResponseEntity.noContent().build();
    }

    /**
     * @param chainHashes {@code h_1 … h_n}, shallowest first
     */
    record LookupRequest(@Nullable List<String> chainHashes) {
    }

    /**
     * @param hit whether any hash has a chain snapshot
     * @param depth 1-based position of {@code chainHash} in the request (0 on a miss)
     * @param chainHash the deepest cached hash
     * @param snapshotId its snapshot
     * @param manifest its verified manifest
     */
    record LookupResponse(boolean hit, int depth, @Nullable String chainHash, @Nullable String snapshotId,
            @Nullable Manifest manifest) {
    }
}
