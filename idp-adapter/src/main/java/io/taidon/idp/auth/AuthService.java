package io.taidon.idp.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.taidon.idp.config.IdpProperties;
import io.taidon.idp.revocation.TokenRevocationService;
import io.taidon.idp.token.RefreshTokens;
import io.taidon.idp.token.SessionTokens;
import io.taidon.idp.token.TokenResponse;
import io.taidon.idp.user.UserAccount;
import io.taidon.idp.user.UserAccounts;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.platform.security.CurrentUser;
import io.taidon.platform.security.TaidonRoles;

/**
 * The account flows behind {@code /api/auth/*}. Failures that must leave a trace (failed logins, a revoked family
 * after refresh-token reuse) commit before the error is thrown.
 */
@Service
class AuthService {

    /** A pragmatic email shape check: one {@code @}, no blanks, a dot in the domain (RFC 5321 length limit). */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** The longest email address RFC 5321 allows (a 254-octet path less the angle brackets). */
    private static final int MAX_EMAIL_LENGTH = 254;

    /** bcrypt reads at most 72 bytes of a password. */
    private static final int MAX_PASSWORD_BYTES = 72;

    private final UserAccounts users;

    private final SessionTokens sessions;

    private final RefreshTokens refreshTokens;

    private final LoginThrottle throttle;

    private final PasswordEncoder passwords;

    private final String dummyHash;

    private final AuditRecorder audit;

    private final MeterRegistry meters;

    private final TransactionTemplate transactions;

    private final int minPasswordLength;

    private final TokenRevocationService revocations;

    AuthService(UserAccounts users, SessionTokens sessions, RefreshTokens refreshTokens, LoginThrottle throttle,
            PasswordEncoder passwords, AuditRecorder audit, MeterRegistry meters, TransactionTemplate transactions,
            IdpProperties properties, TokenRevocationService revocations) {
        this.revocations = revocations;
        this.users = users;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.passwords = passwords;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
        this.audit = audit;
        this.meters = meters;
        this.transactions = transactions;
        this.minPasswordLength = properties.minPasswordLength();
    }

    TokenResponse anonymous() {
        TokenResponse tokens = inTransaction(() -> {
            UserAccount user = this.users.createAnonymous();
            TokenResponse issued = this.sessions.start(user, "anonymous");
            this.audit.record(user.userId(), "auth.anonymous", "user", user.userId(), AuditEvent.SUCCESS);
            return issued;
        });
        return tokens;
    }

    TokenResponse register(AuthRequests.Credentials credentials) {
        String email = validEmail(credentials.email());
        String password = validPassword(credentials.password());
        String hash = this.passwords.encode(password);
        Optional<String> caller = CurrentUser.idIfPresent();
        try {
            return inTransaction(() -> {
                UserAccount user;
                if (caller.isPresent()) {
                    if (!CurrentUser.role().filter(TaidonRoles.ANONYMOUS::equals).isPresent()) {
                        throw new ConflictException("already-registered", "This identity is already registered.");
                    }
                    user = this.users.upgrade(caller.get(), email, hash).orElseThrow(AuthService::unknownIdentity);
                    // the role changes (anonymous → learner): the anonymous tokens stop working at once; iat has
                    // whole seconds, so the new token (issued now) is kept by revoking before this second only
                    this.revocations.revokeSubject(user.userId(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
                    revokeCallersToken();
                }
                else {
                    user = this.users.register(email, hash);
                }
                TokenResponse issued = this.sessions.start(user, "register");
                this.audit.record(user.userId(), "auth.register", "user", user.userId(), AuditEvent.SUCCESS);
                return issued;
            });
        }
        catch (DataIntegrityViolationException ex) {
            // a concurrent registration took the email between the check and the insert
            throw new ConflictException("email-taken", "An account with this email already exists.");
        }
    }

    TokenResponse login(AuthRequests.Credentials credentials, String clientIp) {
        if (credentials.email() != null && credentials.email().length() > MAX_EMAIL_LENGTH) {
            // longer than any address RFC 5321 allows: refused before it reaches the throttle table or a hash
            throw new InvalidRequestException("invalid-email", "email must be a valid email address.");
        }
        String email = UserAccounts.normalizeEmail(credentials.email() == null ? "" : credentials.email());
        String password = credentials.password() == null ? "" : credentials.password();
        try {
            this.throttle.check(email, clientIp);
        }
        catch (TooManyAttemptsException ex) {
            this.meters.counter("taidon.idp.logins.failed", "reason", "throttled").increment();
            this.audit.record("unknown", "auth.login", "user", null, AuditEvent.DENIED);
            throw ex;
        }
        Optional<UserAccount> user = email.isEmpty() ? Optional.empty() : this.users.findByEmail(email);
        boolean valid = matches(password, user.map(UserAccount::passwordHash).orElse(null));
        if (!valid) {
            this.throttle.recordFailure(email, clientIp);
            this.meters.counter("taidon.idp.logins.failed", "reason", "invalid-credentials").increment();
            String userId = user.map(UserAccount::userId).orElse(null);
            this.audit.record(userId == null ? "unknown" : userId, "auth.login", "user", userId,
                    AuditEvent.FAILURE);
            throw invalidCredentials();
        }
        UserAccount account = user.orElseThrow();
        return inTransaction(() -> {
            this.throttle.clear(email);
            TokenResponse issued = this.sessions.start(account, "login");
            this.audit.record(account.userId(), "auth.login", "user", account.userId(), AuditEvent.SUCCESS);
            return issued;
        });
    }

    TokenResponse refresh(AuthRequests.Refresh request) {
        String presented = request.refreshToken();
        if (presented == null || presented.isBlank()) {
            throw new InvalidRequestException("missing-refresh-token", "refreshToken is required.");
        }
        RefreshTokens.Rotation rotation = this.refreshTokens.rotate(presented);
        if (rotation instanceof RefreshTokens.Rejected rejected) {
            String userId = rejected.userId();
            this.audit.record(userId == null ? "unknown" : userId, "auth.refresh", "refresh-token", null,
                    AuditEvent.DENIED);
            throw invalidRefreshToken();
        }
        RefreshTokens.Rotated rotated = (RefreshTokens.Rotated) rotation;
        Optional<UserAccount> user = this.users.findLive(rotated.userId());
        if (user.isEmpty()) {
            this.audit.record(rotated.userId(), "auth.refresh", "refresh-token", null, AuditEvent.DENIED);
            throw invalidRefreshToken();
        }
        TokenResponse tokens = this.sessions.respond(user.get(), rotated.refreshToken(), "refresh");
        this.audit.record(rotated.userId(), "auth.refresh", "refresh-token", null, AuditEvent.SUCCESS);
        return tokens;
    }

    void logout(AuthRequests.Refresh request) {
        String presented = request.refreshToken();
        if (presented == null || presented.isBlank()) {
            throw new InvalidRequestException("missing-refresh-token", "refreshToken is required.");
        }
        String caller = CurrentUser.id();
        boolean revoked = this.refreshTokens.revokeFamily(presented, caller);
        revokeCallersToken();
        this.audit.record(caller, "auth.logout", "refresh-token", null,
                revoked ? AuditEvent.SUCCESS : AuditEvent.FAILURE);
    }

    /** The access token of this call is refused by every service from now on. */
    private void revokeCallersToken() {
        CurrentUser.token()
            .filter(token -> token.getId() != null && token.getExpiresAt() != null)
            .ifPresent(token -> this.revocations.revokeToken(token.getId(), token.getExpiresAt()));
    }

    private boolean matches(String password, @Nullable String hash) {
        // always run the encoder once, so an unknown email costs as much time as a wrong password
        boolean tooLong = password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
        if (hash == null || tooLong) {
            this.passwords.matches("not-the-password", this.dummyHash);
            return false;
        }
        return this.passwords.matches(password, hash);
    }

    private String validEmail(@Nullable String email) {
        String normalized = email == null ? "" : UserAccounts.normalizeEmail(email);
        if (normalized.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(normalized).matches()) {
            throw new InvalidRequestException("invalid-email", "email must be a valid email address.");
        }
        return normalized;
    }

    private String validPassword(@Nullable String password) {
        if (password == null || password.codePointCount(0, password.length()) < this.minPasswordLength) {
            throw new InvalidRequestException("weak-password",
                    "password must have at least " + this.minPasswordLength + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidRequestException("weak-password",
                    "password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8.");
        }
        return password;
    }

    private <T> T inTransaction(Supplier<T> work) {
        T result = this.transactions.execute(status -> work.get());
        if (result == null) {
            throw new IllegalStateException("transaction returned nothing");
        }
        return result;
    }

    static TaidonProblemException invalidCredentials() {
        return new TaidonProblemException(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
                "The email or password is not correct.");
    }

    private static TaidonProblemException invalidRefreshToken() {
        return new TaidonProblemException(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "Invalid refresh token",
                "The refresh token is unknown, expired or revoked; sign in again.");
    }

    private static TaidonProblemException unknownIdentity() {
        return new TaidonProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid bearer token is required.");
    }
}
