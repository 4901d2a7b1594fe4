package io.taidon.sqlrunner.client.userprofile;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import io.taidon.sqlrunner.client.userprofile.UserProfileClient.Quotas;

/**
 * user-profile's internal quota API as sql-runner calls it (HTTP service group {@code user-profile}); called only
 * through {@link UserProfileClient}, which carries the resilience and error mapping.
 */
@HttpExchange("/internal/users")
interface UserProfileApi {

    @GetExchange("/{userId}/quotas")
    @Nullable Quotas quotas(@PathVariable String userId);
}
