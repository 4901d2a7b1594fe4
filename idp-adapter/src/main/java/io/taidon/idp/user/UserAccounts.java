package io.taidon.idp.user;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.idp.config.IdpProperties;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.security.TaidonRoles;

/** Creates, upgrades, finds and erases identities. Emails are compared lower-cased. */
@Service
public class UserAccounts {

    private final UserRepository users;

    private final FederatedIdentityRepository federated;

    private final JdbcTemplate jdbc;

    private final Set<String> adminEmails;

    UserAccounts(UserRepository users, FederatedIdentityRepository federated, JdbcTemplate jdbc,
            IdpProperties properties) {
        this.users = users;
        this.federated = federated;
        this.jdbc = jdbc;
        this.adminEmails = properties.adminEmails().stream().map(UserAccounts::normalizeEmail)
            .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param email an email as typed
     * @return the form stored and compared: trimmed, lower case
     */
    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** @return a new anonymous user ({@code u_anon_…}, role {@code anonymous}) */
    @Transactional
    public UserAccount createAnonymous() {
        return this.users.save(new UserAccountEntity(UserIds.generate("anon"), UserKind.ANONYMOUS, null, null,
                TaidonRoles.ANONYMOUS, Instant.now())).toAccount();
    }

    /**
     * @param email normalised email
     * @param passwordHash encoded password
     * @return the new registered user ({@code u_local_…})
     * @throws ConflictException {@code email-taken} when another user has this email
     */
    @Transactional
    public UserAccount register(String email, String passwordHash) {
        requireFreeEmail(email);
        return this.users.saveAndFlush(new UserAccountEntity(UserIds.generate("local"), UserKind.REGISTERED, email,
                passwordHash, TaidonRoles.LEARNER, Instant.now())).toAccount();
    }

    /**
     * Turns an anonymous user into a registered one with the same userId.
     *
     * @param userId the anonymous user's id (from its validated token)
     * @param email normalised email
     * @param passwordHash encoded password
     * @return the upgraded user, or empty when no such live anonymous user exists (erased, unknown)
     * @throws ConflictException {@code already-registered} when the user is not anonymous, {@code email-taken}
     *         when the email belongs to someone else
     */
    @Transactional
    public Optional<UserAccount> upgrade(String userId, String email, String passwordHash) {
        Optional<UserAccountEntity> found = this.users.findById(userId).filter(user -> !user.erased());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UserAccountEntity user = found.get();
        if (user.kind() != UserKind.ANONYMOUS) {
            throw new ConflictException("already-registered", "This identity is already registered.");
        }
        requireFreeEmail(email);
        user.register(email, passwordHash, TaidonRoles.LEARNER);
        return Optional.of(this.users.saveAndFlush(user).toAccount());
    }

    /**
     * @param email normalised email
     * @return the live registered user with this email
     */
    @Transactional(readOnly = true)
    public Optional<UserAccount> findByEmail(String email) {
        return this.users.findByEmail(email).filter(user -> !user.erased()).map(UserAccountEntity::toAccount);
    }

    /**
     * @param userId a userId
     * @return the user unless unknown or erased
     */
    @Transactional(readOnly = true)
    public Optional<UserAccount> findLive(String userId) {
        return this.users.findById(userId).filter(user -> !user.erased()).map(UserAccountEntity::toAccount);
    }

    /**
     * Maps a provider's user to its Taidon identity, creating {@code u_oidc_…} on the first login. Concurrent first
     * logins of the same provider user are serialised by a transaction-scoped advisory lock.
     *
     * @param issuer the provider's issuer ({@code iss} of its ID token)
     * @param subject the provider's {@code sub}
     * @return the user, or empty when the linked user was erased
     */
    @Transactional
    public Optional<UserAccount> findOrCreateFederated(String issuer, String subject) {
        this.jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended(?, 0))", issuer + "\n" + subject);
        FederatedIdentity.Key key = new FederatedIdentity.Key(issuer, subject);
        Optional<FederatedIdentity> link = this.federated.findById(key);
        if (link.isPresent()) {
            return findLive(link.get().userId());
        }
        UserAccount user = this.users.save(new UserAccountEntity(UserIds.generate("oidc"), UserKind.FEDERATED, null,
                null, TaidonRoles.LEARNER, Instant.now())).toAccount();
        this.federated.save(new FederatedIdentity(key, user.userId(), Instant.now()));
        return Optional.of(user);
    }

    /**
     * @param user a live user
     * @return the role its tokens carry: {@code admin} for a registered email listed in
     *         {@code taidon.idp.admin-emails}, else the stored role
     */
    public String roleFor(UserAccount user) {
        String email = user.email();
        if (user.kind() == UserKind.REGISTERED && email != null && this.adminEmails.contains(email)) {
            return TaidonRoles.ADMIN;
        }
        return user.role();
    }

    /**
     * Deletes the user's credentials and federated links and marks it erased (idempotent).
     *
     * @param userId the user
     * @return what was erased, or empty when the user is unknown or already erased
     */
    @Transactional
    public Optional<Erasure> erase(String userId) {
        Optional<UserAccountEntity> found = this.users.findById(userId).filter(user -> !user.erased());
        this.federated.deleteByUserId(userId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UserAccountEntity user = found.get();
        String email = user.email();
        user.erase(Instant.now());
        this.users.save(user);
        return Optional.of(new Erasure(userId, email));
    }

    /**
     * @param userId the erased user
     * @param email the email it had (data keyed by it is cleared too), or null
     */
    public record Erasure(String userId, @Nullable String email) {
    }

    private void requireFreeEmail(String email) {
        if (this.users.existsByEmail(email)) {
            throw new ConflictException("email-taken", "An account with this email already exists.");
        }
    }
}
