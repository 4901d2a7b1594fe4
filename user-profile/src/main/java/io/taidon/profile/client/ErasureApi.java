package io.taidon.profile.client;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.util.UriBuilderFactory;

/**
 * The erasure contract every Taidon service answers ({@code DELETE /internal/users/{userId}}, platform
 * {@code ErasureController}), in the HTTP service group {@code erasure}: one interface for all services, the callee's
 * base URL given with each call. Called only through {@link ErasureClient}.
 */
interface ErasureApi {

    /**
     * @param service resolves the path against the callee's base URL
     * @param userId the user to erase
     */
    @DeleteExchange("/internal/users/{userId}")
    void erase(UriBuilderFactory service, @PathVariable String userId);
}
