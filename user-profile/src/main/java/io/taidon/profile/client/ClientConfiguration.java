package io.taidon.profile.client;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Registers user-profile's HTTP service groups: {@code env-manager} and {@code snapshot-cache} (usage; base URL and
 * timeouts from {@code spring.http.serviceclient.<group>.*}) and {@code erasure} (every service's erasure endpoint,
 * base URL per call); the service token and request id come from the platform.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "env-manager", types = EnvManagerApi.class)
@ImportHttpServices(group = "snapshot-cache", types = SnapshotCacheApi.class)
@ImportHttpServices(group = "erasure", types = ErasureApi.class)
class ClientConfiguration {
}
