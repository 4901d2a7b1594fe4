package io.taidon.sqlrunner.client.envmanager;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * env-manager's snapshot endpoints ({@link EnvManagerApi}, HTTP service group {@code env-manager}), with sql-runner's
 * service token: capture a chain snapshot of a sandbox's layer ({@code POST /internal/sandboxes/{id}/snapshots}) and
 * replace a sandbox's instance by a restored snapshot ({@code POST /internal/sandboxes/{id}/restore}). Both go through
 * the {@code env-manager} circuit breaker ({@link DownstreamCalls}); the capture, keyed by its idempotency key, also
 * through the {@code env-manager} retry. A 4xx becomes {@link DownstreamRejectedException} (the same 4xx), any other
 * failure or an open breaker {@link DownstreamUnavailableException} (503).
 */
@Component
public class SandboxSnapshotClient {

    private static final String SERVICE = "env-manager";

    private final EnvManagerApi api;

    private final DownstreamCalls calls;

    SandboxSnapshotClient(EnvManagerApi api, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.api = api;
        this.calls = DownstreamCalls.of(SERVICE, circuitBreakers, retries);
    }

    /**
     * Captures the layer of a chain hash in a sandbox as a shared chain snapshot. env-manager answers as soon as the
     * sandbox runs again (it is stopped only for a checkpoint and a local copy) and uploads the copy afterwards
     * ({@code background: true}, 202); a failed upload is env-manager's to log, and the build lease then expires.
     * The idempotency key {@code chain-<hash>} makes a retried capture the same snapshot.
     *
     * @param sandboxId the sandbox holding the layer
     * @param chainHash the chain hash
     * @param metadata opaque text stored with the snapshot (recorded results and settings)
     * @throws DownstreamRejectedException when env-manager refuses (the same 4xx)
     * @throws DownstreamUnavailableException when env-manager does not answer (503)
     */
    public void captureChain(String sandboxId, String chainHash, String metadata) {
        Map<String, Object> body = Map.of("kind", "chain", "chainHash", chainHash, "idempotencyKey",
                "chain-" + chainHash, "metadata", metadata, "background", true);
        this.calls.runIdempotent(() -> this.api.captureSnapshot(sandboxId, body));
    }

    /**
     * Makes a sandbox hold a snapshot's state (its instance is recreated; same id, new connection details). Not
     * retried: it may outlast the read timeout while env-manager is still at it.
     *
     * @param sandboxId the sandbox
     * @param snapshotId the snapshot
     * @throws DownstreamRejectedException when env-manager refuses (the same 4xx, e.g. 404)
     * @throws DownstreamUnavailableException when env-manager does not answer (503)
     */
    public void restore(String sandboxId, String snapshotId) {
        this.calls.run(() -> this.api.restore(sandboxId, Map.of("snapshotId", snapshotId)));
    }
}
