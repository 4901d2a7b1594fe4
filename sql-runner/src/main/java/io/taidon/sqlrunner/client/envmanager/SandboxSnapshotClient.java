package io.taidon.sqlrunner.client.envmanager;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * env-manager's snapshot endpoints, with sql-runner's service token: capture a chain snapshot of a sandbox's layer
 * ({@code POST /internal/sandboxes/{id}/snapshots}) and replace a sandbox's instance by a restored snapshot
 * ({@code POST /internal/sandboxes/{id}/restore}). A 4xx becomes
 * {@link io.taidon.platform.problem.DownstreamRejectedException} (the same 4xx), any other failure
 * {@link DownstreamUnavailableException}.
 */
@Component
public class SandboxSnapshotClient {

    private static final String SERVICE = "env-manager";

    private final RestClient client;

    SandboxSnapshotClient(ServiceRestClients clients) {
        this.client = clients.forService(SERVICE);
    }

    /**
     * Captures the layer of a chain hash in a sandbox as a shared chain snapshot. env-manager answers as soon as the
     * sandbox runs again (it is stopped only for a checkpoint and a local copy) and uploads the copy afterwards
     * ({@code background: true}, 202); a failed upload is env-manager's to log, and the build lease then expires.
     *
     * @param sandboxId the sandbox holding the layer
     * @param chainHash the chain hash
     * @param metadata opaque text stored with the snapshot (recorded results and settings)
     * @throws DownstreamUnavailableException when env-manager refuses or does not answer
     */
    public void captureChain(String sandboxId, String chainHash, String metadata) {
        try {
            this.client.post()
                .uri("/internal/sandboxes/{id}/snapshots", sandboxId)
                .body(Map.of("kind", "chain", "chainHash", chainHash, "idempotencyKey", "chain-" + chainHash,
                        "metadata", metadata, "background", true))
                .retrieve()
                .toBodilessEntity();
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }

    /**
     * Makes a sandbox hold a snapshot's state (its instance is recreated; same id, new connection details).
     *
     * @param sandboxId the sandbox
     * @param snapshotId the snapshot
     */
    public void restore(String sandboxId, String snapshotId) {
        try {
            this.client.post()
                .uri("/internal/sandboxes/{id}/restore", sandboxId)
                .body(Map.of("snapshotId", snapshotId))
                .retrieve()
                .toBodilessEntity();
        }
        catch (RestClientException ex) {
            throw DownstreamRejectedException.of(SERVICE, ex);
        }
    }
}
