package io.taidon.sqlrunner.client.snapshots;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Registers {@link ChainCacheApi} in the HTTP service group {@code snapshot-cache}: base URL and timeouts from
 * {@code spring.http.serviceclient.snapshot-cache.*}, the service token and request id from the platform.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "snapshot-cache", types = ChainCacheApi.class)
class ChainCacheClientConfiguration {
}
