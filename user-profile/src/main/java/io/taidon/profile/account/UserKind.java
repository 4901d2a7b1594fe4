package io.taidon.profile.account;

import java.util.Locale;

import io.taidon.platform.security.TaidonRoles;

/** Whether a user signed in anonymously or has an account; decides the default quotas. */
public enum UserKind {

    /** An anonymous visitor ({@code role} = {@code anonymous}). */
    ANONYMOUS,

    /** A registered or federated learner, or an admin. */
    REGISTERED;

    /** @return the wire and database form: {@code anonymous} or {@code registered} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value {@code anonymous} or {@code registered}
     * @return the kind
     * @throws IllegalArgumentException for any other value
     */
    public static UserKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /**
     * @param role the JWT's {@code role} claim
     * @return {@link #ANONYMOUS} for {@code anonymous}, {@link #REGISTERED} for {@code learner} and {@code admin}
     * @throws IllegalArgumentException for any other role (services have no profile)
     */
    public static UserKind forRole(String role) {
        return switch (role) {
            case TaidonRoles.ANONYMOUS -> ANONYMOUS;
            case TaidonRoles.LEARNER, TaidonRoles.ADMIN -> REGISTERED;
            default -> throw new IllegalArgumentException("no profile for role " + role);
        };
    }
}
