package io.taidon.sqlrunner.client.envmanager;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Registers {@link EnvManagerApi} in the HTTP service group {@code env-manager}: base URL and timeouts from
 * {@code spring.http.serviceclient.env-manager.*}, the service token and request id from the platform.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "env-manager", types = EnvManagerApi.class)
class EnvManagerClientConfiguration {
}
