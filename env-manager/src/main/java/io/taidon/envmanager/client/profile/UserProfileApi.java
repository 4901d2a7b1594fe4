package io.taidon.envmanager.client.profile;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import io.taidon.envmanager.client.profile.UserProfileClient.Kind;
import io.taidon.envmanager.client.profile.UserProfileClient.QuotaCheck;
import io.taidon.envmanager.client.profile.UserProfileClient.QuotaCheckRequest;
import io.taidon.envmanager.client.profile.UserProfileClient.Quotas;

/**
 * user-profile's internal quota and user-kind API as env-manager calls it (HTTP service group {@code user-profile});
 * called only through {@link UserProfileClient}, which carries the resilience and error mapping.
 */
@HttpExchange("/internal/users")
interface UserProfileApi {

    @PostExchange("/{userId}/quota-checks")
    @Nullable QuotaCheck checkQuota(@PathVariable String userId, @RequestBody QuotaCheckRequest request);

    @GetExchange("/{userId}/quotas")
    @Nullable Quotas quotas(@PathVariable String userId);

    @GetExchange("/{userId}/kind")
    @Nullable Kind kind(@PathVariable String userId);
}
