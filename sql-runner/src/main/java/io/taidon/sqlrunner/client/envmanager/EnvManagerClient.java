package io.taidon.sqlrunner.client.envmanager;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.sqlrunner.chain.ChainHashes;

/**
 * env-manager's internal sandbox API ({@link EnvManagerApi}, HTTP service group {@code env-manager}), called with
 * sql-runner's service token through {@link DownstreamCalls}: the {@code env-manager} circuit breaker for every call
 * and the {@code env-manager} retry for the idempotent ones (all but {@link #captureNamed}); settings under
 * {@code resilience4j.circuitbreaker.instances.env-manager} and {@code resilience4j.retry.instances.env-manager}.
 * <p>
 * Endpoints: {@code POST /internal/sandboxes/default {userId}}, {@code GET /internal/sandboxes/{id}?userId=},
 * {@code GET …/{id}/connection}, {@code PUT …/{id}/layers/{chainHash}}, {@code POST …/{id}/layers/{chainHash}/reset},
 * {@code GET …/{id}/layers}, {@code POST …/{id}/reset}, {@code POST …/{id}/named-snapshots}. A 404 that the API
 * defines as an answer (not the user's sandbox, no such layer) is returned as such; another 4xx becomes
 * {@link DownstreamRejectedException} (the same 4xx); neither counts against the breaker. Any other failure, or an open
 * breaker, is {@link DownstreamUnavailableException} (503).
 */
@Component
public class EnvManagerClient {

    private static final String SERVICE = "env-manager";

    private final EnvManagerApi api;

    private final DownstreamCalls calls;

    /**
     * @param api env-manager's HTTP interface
     * @param circuitBreakers Resilience4j breakers
     * @param retries Resilience4j retries
     */
    EnvManagerClient(EnvManagerApi api, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.api = api;
        this.calls = DownstreamCalls.of(SERVICE, circuitBreakers, retries);
    }

    /**
     * @param userId the learner
     * @return id of the learner's default sandbox, created (empty) on first use
     */
    public String defaultSandbox(String userId) {
        return defaultSandbox(userId, null).sandboxId();
    }

    /**
     * @param userId the learner
     * @param fromSnapshotId a snapshot to create the default sandbox from when it does not exist yet, or null
     * @return the learner's default sandbox, with the snapshot id when this call created it from that snapshot
     */
    public DefaultSandbox defaultSandbox(String userId, @Nullable String fromSnapshotId) {
        Map<String, String> body = fromSnapshotId == null ? Map.of("userId", userId)
                : Map.of("userId", userId, "fromSnapshotId", fromSnapshotId);
        SandboxAnswer answer = this.calls.callIdempotent(() -> this.api.defaultSandbox(body));
        if (answer == null || answer.sandboxId() == null) {
            throw new DownstreamUnavailableException(SERVICE, new IllegalStateException("no sandboxId in answer"));
        }
        return new DefaultSandbox(answer.sandboxId(), answer.restoredFrom(),
                answer.baseRef() != null ? answer.baseRef() : ChainHashes.EMPTY_BASE);
    }

    /**
     * @param sandboxId the learner's default sandbox
     * @param restoredFrom the snapshot it was just created from, or null (it existed, or was created empty)
     * @param baseRef what its chain hashes commit to: {@code empty} or {@code sha256:<64 hex>}
     */
    public record DefaultSandbox(String sandboxId, @Nullable String restoredFrom, String baseRef) {
    }

    /**
     * @param sandboxId a sandbox id the learner named
     * @param userId the learner
     * @return the sandbox's base when the sandbox exists and belongs to the learner, else empty
     */
    public Optional<Base> baseOf(String sandboxId, String userId) {
        SandboxOwner owner;
        try {
            owner = this.calls.callIdempotent(() -> this.api.sandbox(sandboxId, userId));
        }
        catch (DownstreamRejectedException ex) {
            if (ex.status() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw ex;
        }
        return Optional.of(new Base(owner != null && owner.baseRef() != null ? owner.baseRef()
                : ChainHashes.EMPTY_BASE, owner != null ? owner.baseSince() : null));
    }

    /**
     * A named snapshot of the sandbox as it is now (quota-checked by env-manager).
     *
     * @param sandboxId the sandbox
     * @param userId its owner
     * @param name the snapshot's name, or null
     * @param chainHash the chain hash of the run the state came from, or null
     * @return the new snapshot's id
     * @throws DownstreamRejectedException with env-manager's 4xx (quota, not found)
     * @throws DownstreamUnavailableException when env-manager does not answer (not retried: each call is a new
     *         snapshot)
     */
    public String captureNamed(String sandboxId, String userId, @Nullable String name, @Nullable String chainHash) {
        Map<String, String> body = new HashMap<>();
        body.put("userId", userId);
        if (name != null) {
            body.put("name", name);
        }
        if (chainHash != null) {
            body.put("chainHash", chainHash);
        }
        Created created = this.calls.call(() -> this.api.captureNamed(sandboxId, body));
        if (created == null || created.snapshotId() == null) {
            throw new DownstreamUnavailableException(SERVICE, new IllegalStateException("no snapshotId in answer"));
        }
        return created.snapshotId();
    }

    /**
     * @param sandboxId the sandbox
     * @return learner connection details
     */
    public SandboxConnection connection(String sandboxId) {
        SandboxConnection connection = this.calls.callIdempotent(() -> this.api.connection(sandboxId));
        if (connection == null) {
            throw new DownstreamUnavailableException(SERVICE, new IllegalStateException("empty connection answer"));
        }
        return connection;
    }

    /**
     * Makes the sandbox's current learner database the layer for a chain hash. Learner connections must be closed.
     *
     * @param sandboxId the sandbox
     * @param chainHash hex chain hash
     */
    public void storeLayer(String sandboxId, String chainHash) {
        this.calls.runIdempotent(() -> this.api.storeLayer(sandboxId, chainHash));
    }

    /**
     * @param sandboxId the sandbox
     * @param chainHash hex chain hash
     * @return true when the learner database now holds that layer's state, false when there is no such layer
     */
    public boolean resetToLayer(String sandboxId, String chainHash) {
        try {
            this.calls.runIdempotent(() -> this.api.resetToLayer(sandboxId, chainHash));
            return true;
        }
        catch (DownstreamRejectedException ex) {
            if (ex.status() == HttpStatus.NOT_FOUND) {
                return false;
            }
            throw ex;
        }
    }

    /**
     * @param sandboxId the sandbox
     * @return chain hashes held as layers in the sandbox
     */
    public Set<String> layers(String sandboxId) {
        List<String> layers = this.calls.callIdempotent(() -> this.api.layers(sandboxId));
        return layers == null ? Set.of() : Set.copyOf(layers);
    }

    /**
     * Resets the learner database to empty.
     *
     * @param sandboxId the sandbox
     */
    public void reset(String sandboxId) {
        this.calls.runIdempotent(() -> this.api.reset(sandboxId));
    }

    /** Answer of {@code POST /internal/sandboxes/default}. */
    record SandboxAnswer(String sandboxId, String status, @Nullable String restoredFrom, @Nullable String baseRef) {
    }

    /** Answer of {@code GET /internal/sandboxes/{id}?userId=}. */
    record SandboxOwner(String sandboxId, String userId, @Nullable String baseRef, @Nullable Instant baseSince) {
    }

    /**
     * A sandbox's base as env-manager tells it.
     *
     * @param ref what its chain hashes commit to: {@code empty} or {@code sha256:<64 hex>}
     * @param since when the learner last went back to it (creation, reset, restore), or null when not told: the
     *        console journal before it is stale
     */
    public record Base(String ref, @Nullable Instant since) {
    }

    /** Answer of {@code POST /internal/sandboxes/{id}/named-snapshots}. */
    record Created(@Nullable String snapshotId) {
    }
}
