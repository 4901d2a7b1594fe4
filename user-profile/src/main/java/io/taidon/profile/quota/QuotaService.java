package io.taidon.profile.quota;

import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.profile.account.ProfileService;
import io.taidon.profile.account.UserKind;
import io.taidon.profile.account.UserProfile;
import io.taidon.profile.config.UserProfileProperties;

/**
 * Effective quotas: the defaults of the user's kind ({@link UserProfileProperties}) with the admin's overrides on
 * top. A user without a profile (it never called user-profile) gets the anonymous defaults, the stricter set, until
 * its first call tells its kind.
 */
@Service
public class QuotaService {

    private final ProfileService profiles;

    private final QuotaOverrideRepository overrides;

    private final UserProfileProperties properties;

    private final AuditRecorder audit;

    QuotaService(ProfileService profiles, QuotaOverrideRepository overrides, UserProfileProperties properties,
            AuditRecorder audit) {
        this.profiles = profiles;
        this.overrides = overrides;
        this.properties = properties;
        this.audit = audit;
    }

    /**
     * @param userId any userId
     * @return its effective quotas
     */
    @Transactional(readOnly = true)
    public QuotasResponse effective(String userId) {
        return QuotasResponse.of(defaults(kind(userId)), overridesOf(userId));
    }

    /**
     * @param userId any userId
     * @return the user's kind as its profile says ({@code anonymous} or {@code registered}); a user without a profile
     *         is anonymous, as for its quotas
     */
    @Transactional(readOnly = true)
    public UserKind kind(String userId) {
        return this.profiles.find(userId).map(UserProfile::kind).orElse(UserKind.ANONYMOUS);
    }

    /**
     * @param userId a user with a profile
     * @return its quotas and overrides
     * @throws NotFoundException (404) for a user without a profile
     */
    @Transactional(readOnly = true)
    public AdminQuotasResponse forAdmin(String userId) {
        UserProfile profile = this.profiles.get(userId);
        QuotaOverrides current = overridesOf(userId);
        return new AdminQuotasResponse(userId, profile.kind().value(),
                QuotasResponse.of(defaults(profile.kind()), current), current);
    }

    /**
     * Replaces the user's overrides; audited as {@code quota.update}.
     *
     * @param userId a user with a profile
     * @param requested the new overrides (validated)
     * @return its quotas and overrides afterwards
     * @throws NotFoundException (404) for a user without a profile
     */
    @Transactional
    public AdminQuotasResponse update(String userId, QuotaOverrides requested) {
        this.profiles.get(userId);
        QuotaOverrideEntity entity = this.overrides.findById(userId).orElseGet(() -> new QuotaOverrideEntity(userId));
        entity.apply(requested, Instant.now());
        this.overrides.save(entity);
        this.audit.record("user-profile", "quota.update", "user", userId, AuditEvent.SUCCESS);
        return forAdmin(userId);
    }

    /**
     * @param userId any userId
     * @param request resource, current usage and the amount to add
     * @return whether it fits and the limit
     * @throws InvalidRequestException (400) for an unknown resource or a missing or negative number
     */
    @Transactional(readOnly = true)
    public QuotaCheckResponse check(String userId, QuotaCheckRequest request) {
        if (request.resource() == null) {
            throw new InvalidRequestException("unknown-quota-resource",
                    "resource must be one of sandboxes, named-snapshots, snapshot-storage-bytes.");
        }
        QuotaResource resource = QuotaResource.of(request.resource());
        Long current = request.current();
        long amount = request.amount() == null ? 1 : request.amount();
        if (current == null || current < 0 || amount < 0) {
            throw new InvalidRequestException("invalid-quota-check", "current is required; current and amount must be >= 0.");
        }
        long limit = resource.limitIn(effective(userId));
        return new QuotaCheckResponse(current <= limit - amount, limit);
    }

    private QuotaOverrides overridesOf(String userId) {
        return this.overrides.findById(userId).map(QuotaOverrideEntity::toOverrides).orElse(QuotaOverrides.NONE);
    }

    private UserProfileProperties.Quotas defaults(UserKind kind) {
        return kind == UserKind.ANONYMOUS ? this.properties.anonymous() : this.properties.registered();
    }
}
