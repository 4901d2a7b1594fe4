package io.taidon.profile.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A row of {@code user_profile}; written with the upsert in {@link UserProfileRepository}. */
@Entity
@Table(name = "user_profile")
class UserProfileEntity {

    @Id
    @Column(name = "user_id")
    private String userId = "";

    private String kind = UserKind.ANONYMOUS.value();

    private @Nullable String email;

    @Column(name = "created_at")
    private Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.EPOCH;

    protected UserProfileEntity() {
        // for JPA
    }

    UserProfile toProfile() {
        return new UserProfile(this.userId, UserKind.of(this.kind), this.email, this.createdAt);
    }
}
