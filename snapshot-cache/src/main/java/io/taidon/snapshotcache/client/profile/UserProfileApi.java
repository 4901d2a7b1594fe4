package io.taidon.snapshotcache.client.profile;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import io.taidon.snapshotcache.client.profile.UserProfileClient.QuotaCheckRequest;
import io.taidon.snapshotcache.client.profile.UserProfileClient.QuotaCheckResponse;

/**
 * user-profile's quota checks as snapshot-cache calls them (HTTP service group {@code user-profile}); called only
 * through {@link UserProfileClient}, which carries the resilience and error mapping.
 */
@HttpExchange("/internal/users")
interface UserProfileApi {

    @PostExchange("/{userId}/quota-checks")
    @Nullable QuotaCheckResponse checkQuota(@PathVariable String userId, @RequestBody QuotaCheckRequest request);
}
