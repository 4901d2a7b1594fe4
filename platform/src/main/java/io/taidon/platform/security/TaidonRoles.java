package io.taidon.platform.security;

/**
 * The values of the {@code role} claim in Taidon's JWTs and the matching Spring Security authorities
 * ({@code ROLE_} + upper case).
 */
public final class TaidonRoles {

    /** Claim that carries the role. */
    public static final String CLAIM = "role";

    /** A visitor with an anonymous identity ({@code u_anon_…}). */
    public static final String ANONYMOUS = "anonymous";

    /** A registered or federated learner. */
    public static final String LEARNER = "learner";

    /** An operator who may read and change every user's data. */
    public static final String ADMIN = "admin";

    /** Another Taidon service, authenticated with client credentials. */
    public static final String SERVICE = "service";

    private TaidonRoles() {
    }
}
