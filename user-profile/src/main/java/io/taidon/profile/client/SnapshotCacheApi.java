package io.taidon.profile.client;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * snapshot-cache's usage endpoint as user-profile calls it (HTTP service group {@code snapshot-cache}); called only
 * through {@link UsageClient}.
 */
@HttpExchange("/internal/users")
interface SnapshotCacheApi {

    @GetExchange("/{userId}/usage")
    @Nullable SnapshotUsage usage(@PathVariable String userId);
}
