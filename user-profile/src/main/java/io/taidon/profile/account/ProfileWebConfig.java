package io.taidon.profile.account;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers {@link ProfileSyncInterceptor} on {@code /api/**}. */
@Configuration(proxyBeanMethods = false)
class ProfileWebConfig implements WebMvcConfigurer {

    private final ProfileService profiles;

    ProfileWebConfig(ProfileService profiles) {
        this.profiles = profiles;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ProfileSyncInterceptor(this.profiles)).addPathPatterns("/api/**");
    }
}
