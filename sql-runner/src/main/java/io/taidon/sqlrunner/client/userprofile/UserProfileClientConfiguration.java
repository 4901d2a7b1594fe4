package io.taidon.sqlrunner.client.userprofile;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Registers {@link UserProfileApi} in the HTTP service group {@code user-profile}: base URL and timeouts from
 * {@code spring.http.serviceclient.user-profile.*}, the service token and request id from the platform.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "user-profile", types = UserProfileApi.class)
class UserProfileClientConfiguration {
}
