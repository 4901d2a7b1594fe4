package io.taidon.sqlrunner.client.envmanager;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

import io.taidon.sqlrunner.client.envmanager.EnvManagerClient.Created;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient.SandboxAnswer;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient.SandboxOwner;

/**
 * env-manager's internal sandbox API as sql-runner calls it (HTTP service group {@code env-manager}); called only
 * through {@link EnvManagerClient} and {@link SandboxSnapshotClient}, which carry the resilience and error mapping.
 */
@HttpExchange("/internal/sandboxes")
interface EnvManagerApi {

    @PostExchange("/default")
    @Nullable SandboxAnswer defaultSandbox(@RequestBody Map<String, String> body);

    @GetExchange("/{id}")
    @Nullable SandboxOwner sandbox(@PathVariable String id, @RequestParam String userId);

    @PostExchange("/{id}/named-snapshots")
    @Nullable Created captureNamed(@PathVariable String id, @RequestBody Map<String, String> body);

    @GetExchange("/{id}/connection")
    @Nullable SandboxConnection connection(@PathVariable String id);

    @PutExchange("/{id}/layers/{hash}")
    void storeLayer(@PathVariable String id, @PathVariable String hash);

    @PostExchange("/{id}/layers/{hash}/reset")
    void resetToLayer(@PathVariable String id, @PathVariable String hash);

    @GetExchange("/{id}/layers")
    @Nullable List<String> layers(@PathVariable String id);

    @PostExchange("/{id}/reset")
    void reset(@PathVariable String id);

    @PostExchange("/{id}/snapshots")
    void captureSnapshot(@PathVariable String id, @RequestBody Map<String, Object> body);

    @PostExchange("/{id}/restore")
    void restore(@PathVariable String id, @RequestBody Map<String, String> body);
}
