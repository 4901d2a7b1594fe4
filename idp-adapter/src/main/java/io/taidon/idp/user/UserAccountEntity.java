package io.taidon.idp.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One identity, as stored ({@link UserAccount} is what other features see). An erased user keeps only its id, kind, role and times ({@code erasedAt} set, no email, no
 * password hash), so its id is never handed out again and nothing can sign in as it.
 */
@Entity
@Table(name = "users")
class UserAccountEntity {

    @Id
    @Column(name = "user_id")
    private String userId;

    private UserKind kind;

    private @Nullable String email;

    @Column(name = "password_hash")
    private @Nullable String passwordHash;

    private String role;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "erased_at")
    private @Nullable Instant erasedAt;

    @SuppressWarnings("NullAway.Init")
    protected UserAccountEntity() {
    }

    UserAccountEntity(String userId, UserKind kind, @Nullable String email, @Nullable String passwordHash, String role,
            Instant createdAt) {
        this.userId = userId;
        this.kind = kind;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    /** @return the stable userId, {@code u_<provider>_<random>} */
    public String userId() {
        return this.userId;
    }

    /** @return how the user signs in */
    public UserKind kind() {
        return this.kind;
    }

    /** @return the normalised (lower-case) email of a registered user, else null */
    public @Nullable String email() {
        return this.email;
    }

    /** @return the encoded password ({@code {bcrypt}…}) of a registered user, else null */
    public @Nullable String passwordHash() {
        return this.passwordHash;
    }

    /** @return the stored role; admins are derived at token issue from the configured admin emails */
    public String role() {
        return this.role;
    }

    /** @return when the identity was created */
    public Instant createdAt() {
        return this.createdAt;
    }

    /** @return whether the user was erased (a tombstone) */
    public boolean erased() {
        return this.erasedAt != null;
    }

    void register(String email, String passwordHash, String role) {
        this.kind = UserKind.REGISTERED;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
    }

    void erase(Instant when) {
        this.email = null;
        this.passwordHash = null;
        this.erasedAt = when;
    }

    /** @return this user as other features see it */
    UserAccount toAccount() {
        return new UserAccount(this.userId, this.kind, this.email, this.passwordHash, this.role, this.createdAt);
    }
}
