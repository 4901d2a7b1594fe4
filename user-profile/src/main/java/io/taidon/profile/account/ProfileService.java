package io.taidon.profile.account;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.platform.problem.NotFoundException;

/**
 * Profiles: created lazily from the caller's JWT on its first authenticated call and updated when its role or
 * email changes; erased for good by {@link #erase(String)} (a later call with a still-valid token does not bring the
 * profile back).
 */
@Service
public class ProfileService {

    private final UserProfileRepository profiles;

    ProfileService(UserProfileRepository profiles) {
        this.profiles = profiles;
    }

    /**
     * @param userId the token's {@code sub}
     * @param kind kind derived from the token's role
     * @param email the token's email claim, or null
     */
    @Transactional
    public void sync(String userId, UserKind kind, @Nullable String email) {
        if (!this.profiles.isErased(userId)) {
            this.profiles.upsert(userId, kind.value(), email);
        }
    }

    /**
     * @param userId a userId
     * @return the profile
     * @throws NotFoundException (404) when there is none, e.g. after erasure
     */
    @Transactional(readOnly = true)
    public UserProfile get(String userId) {
        return find(userId).orElseThrow(() -> NotFoundException.forId("user", userId));
    }

    /**
     * @param userId a userId
     * @return the profile, or empty when the user never called user-profile or was erased
     */
    @Transactional(readOnly = true)
    public Optional<UserProfile> find(String userId) {
        return this.profiles.findById(userId).map(UserProfileEntity::toProfile);
    }

    /**
     * Removes the profile and its quota overrides (cascade) and remembers that the user was erased. Idempotent.
     *
     * @param userId the user
     */
    @Transactional
    public void erase(String userId) {
        this.profiles.markErased(userId);
        this.profiles.deleteProfile(userId);
    }
}
