package io.taidon.profile.account;

import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;

/** user-profile's own part of {@code DELETE /internal/users/{userId}}: the profile and its quota overrides. */
@Component
class ProfileDataEraser implements UserDataEraser {

    private final ProfileService profiles;

    ProfileDataEraser(ProfileService profiles) {
        this.profiles = profiles;
    }

    @Override
    public void erase(String userId) {
        this.profiles.erase(userId);
    }
}
