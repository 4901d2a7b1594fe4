package io.taidon.auditlog.erasure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;

/**
 * What {@code DELETE /internal/users/{userId}} does to audit events: nothing is removed. Audit keeps the fact of
 * events, erasure included, not the user's data (DESIGN.md, "Erasure"): rows hold only pseudonymous ids (userId,
 * object ids), never emails, passwords or content, and removing or rewriting a row would break the hash chain that
 * makes the log tamper-evident. The platform's erasure endpoint then appends {@code user.erase.audit-log} itself.
 */
@Component
class AuditErasurePolicy implements UserDataEraser {

    private static final Logger log = LoggerFactory.getLogger(AuditErasurePolicy.class);

    @Override
    public void erase(String userId) {
        log.info("erasure of {}: audit events are kept (the fact of events, no personal data)", userId);
    }
}
