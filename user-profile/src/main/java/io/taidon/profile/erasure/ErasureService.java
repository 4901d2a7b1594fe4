package io.taidon.profile.erasure;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.security.TokenRevocations;
import io.taidon.profile.account.ProfileService;
import io.taidon.profile.client.ErasureClient;

/**
 * The erasure cascade of {@code DELETE /api/me}: {@code DELETE /internal/users/{userId}} on every service that holds
 * user data, in {@link #CASCADE} order — idp-adapter last, because it revokes the user's tokens and blocks sign-in —
 * then the profile and its quota overrides here, with the audit event {@code user.erase} in the same transaction; the
 * user's tokens are refused here at once (the other services refuse them from their own erasure call on).
 * A service that stays unavailable stops the cascade with a 503 before anything local is removed, so nothing is lost
 * and the learner can retry; every step is idempotent, so a repeated erasure is harmless.
 */
@Service
public class ErasureService {

    /** The services called, in order. */
    public static final List<String> CASCADE = List.of("env-manager", "snapshot-cache", "sql-runner", "vcs-sync", "audit-log",
            "idp-adapter");

    private final ErasureClient client;

    private final ProfileService profiles;

    private final AuditRecorder audit;

    private final TransactionTemplate transactions;

    private final TokenRevocations revocations;

    ErasureService(ErasureClient client, ProfileService profiles, AuditRecorder audit,
            TransactionTemplate transactions, TokenRevocations revocations) {
        this.revocations = revocations;
        this.client = client;
        this.profiles = profiles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * @param userId the user to erase everywhere
     * @throws DownstreamUnavailableException (503) when a service could not erase; nothing local was removed
     */
    public void erase(String userId) {
        try {
            for (String service : CASCADE) {
                this.client.erase(service, userId);
            }
        }
        catch (DownstreamUnavailableException ex) {
            this.audit.record(userId, "user.erase", "user", userId, AuditEvent.FAILURE);
            throw ex;
        }
        this.revocations.revokeSubject(userId);
        this.transactions.executeWithoutResult(status -> {
            this.profiles.erase(userId);
            this.audit.record(userId, "user.erase", "user", userId, AuditEvent.SUCCESS);
        });
    }
}
