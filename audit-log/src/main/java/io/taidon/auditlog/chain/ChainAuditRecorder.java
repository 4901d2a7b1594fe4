package io.taidon.auditlog.chain;

import java.util.List;

import org.springframework.stereotype.Component;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;

/**
 * audit-log's own {@link AuditRecorder}: appends straight to the chain, in the caller's transaction when there is
 * one. Because this bean exists, the platform's outbox recorder and its relay back off in this service (they are
 * {@code @ConditionalOnMissingBean(AuditRecorder.class)} / {@code @ConditionalOnBean(OutboxAuditRecorder.class)}),
 * so audit-log never posts events to itself.
 */
@Component
class ChainAuditRecorder implements AuditRecorder {

    private final AuditChain chain;

    ChainAuditRecorder(AuditChain chain) {
        this.chain = chain;
    }

    @Override
    public void record(AuditEvent event) {
        this.chain.append(List.of(AuditEventValidator.requireValid(List.of(event), 1).getFirst()));
    }
}
