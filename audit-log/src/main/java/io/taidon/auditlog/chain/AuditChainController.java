package io.taidon.auditlog.chain;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.auditlog.config.AuditLogProperties;
import io.taidon.platform.audit.AuditEvent;

/**
 * Ingest and verification: {@code POST /internal/audit/events} (service token; JSON array of {@link AuditEvent})
 * → 202, 400 {@code invalid-audit-event} for bad input; {@code GET /internal/audit/verify} (service token) and
 * {@code GET /api/audit/verify} (role admin, else 403) → {@link ChainVerification}.
 */
@RestController
class AuditChainController {

    private final AuditChain chain;

    private final AuditLogProperties properties;

    AuditChainController(AuditChain chain, AuditLogProperties properties) {
        this.chain = chain;
        this.properties = properties;
    }

    @PostMapping("/internal/audit/events")
    ResponseEntity<Void> append(@RequestBody(required = false) @Nullable List<@Nullable AuditEvent> events) {
        this.chain.append(AuditEventValidator.requireValid(events, this.properties.maxBatchSize()));
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/internal/audit/verify")
    ChainVerification verifyForService() {
        return this.chain.verify();
    }

    @GetMapping("/api/audit/verify")
    @PreAuthorize("hasRole('ADMIN')")
    ChainVerification verifyForAdmin() {
        return this.chain.verify();
    }
}
