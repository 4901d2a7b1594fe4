package io.taidon.profile.client;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * env-manager's usage endpoint as user-profile calls it (HTTP service group {@code env-manager}); called only
 * through {@link UsageClient}.
 */
@HttpExchange("/internal/users")
interface EnvManagerApi {

    @GetExchange("/{userId}/usage")
    @Nullable SandboxUsage usage(@PathVariable String userId);
}
