package io.taidon.profile.quota;

import jakarta.validation.Valid;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins read and replace a user's quota overrides: {@code GET/PUT /api/admin/users/{userId}/quotas} →
 * {@link AdminQuotasResponse}. Role admin only (else 403); an unknown user is 404; values out of range are 400.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class AdminQuotaController {

    private final QuotaService quotas;

    AdminQuotaController(QuotaService quotas) {
        this.quotas = quotas;
    }

    @GetMapping("/api/admin/users/{userId}/quotas")
    AdminQuotasResponse get(@PathVariable String userId) {
        return this.quotas.forAdmin(userId);
    }

    @PutMapping("/api/admin/users/{userId}/quotas")
    AdminQuotasResponse put(@PathVariable String userId, @Valid @RequestBody QuotaOverrides overrides) {
        return this.quotas.update(userId, overrides);
    }
}
