package io.taidon.profile.quota;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * For other services (service token): {@code GET /internal/users/{userId}/quotas} → {@link QuotasResponse};
 * {@code POST /internal/users/{userId}/quota-checks {resource, current, amount?}} → {@link QuotaCheckResponse},
 * 400 for an unknown resource or bad numbers.
 */
@RestController
class InternalQuotaController {

    private final QuotaService quotas;

    InternalQuotaController(QuotaService quotas) {
        this.quotas = quotas;
    }

    @GetMapping("/internal/users/{userId}/quotas")
    QuotasResponse quotas(@PathVariable String userId) {
        return this.quotas.effective(userId);
    }

    /**
     * The user's kind, for what depends on it outside user-profile (env-manager expires only anonymous users'
     * sandboxes; a visitor who registered keeps the {@code u_anon_} id).
     */
    @GetMapping("/internal/users/{userId}/kind")
    KindResponse kind(@PathVariable String userId) {
        return new KindResponse(this.quotas.kind(userId).value());
    }

    /** @param kind {@code anonymous} or {@code registered} */
    record KindResponse(String kind) {
    }

    @PostMapping("/internal/users/{userId}/quota-checks")
    QuotaCheckResponse check(@PathVariable String userId, @RequestBody QuotaCheckRequest request) {
        return this.quotas.check(userId, request);
    }
}
