package io.taidon.sqlrunner.client.snapshots;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import io.taidon.sqlrunner.client.snapshots.ChainCacheClient.Lease;
import io.taidon.sqlrunner.client.snapshots.ChainCacheClient.Lookup;

/**
 * snapshot-cache's chain cache and blob reads as sql-runner calls them (HTTP service group {@code snapshot-cache});
 * called only through {@link ChainCacheClient}, which carries the resilience and error mapping.
 */
@HttpExchange("/internal")
interface ChainCacheApi {

    @PostExchange("/chain-cache/lookup")
    @Nullable Lookup lookup(@RequestBody Map<String, List<String>> body);

    @GetExchange("/snapshots/{id}/blobs/{sha256}")
    byte @Nullable [] blob(@PathVariable String id, @PathVariable String sha256);

    @PostExchange("/chain-cache/builds/{chainHash}")
    @Nullable Lease acquireBuild(@PathVariable String chainHash);

    @DeleteExchange("/chain-cache/builds/{chainHash}")
    void releaseBuild(@PathVariable String chainHash, @RequestParam String leaseId);
}
