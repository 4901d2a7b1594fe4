package io.taidon.platform.erasure;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.security.TokenRevocations;

/**
 * Internal erasure endpoint every service offers to user-profile: {@code DELETE /internal/users/{userId}} → 204
 * after all of this service's {@link UserDataEraser}s ran (none: a no-op), and the user's tokens are refused here from
 * that moment (without waiting for idp-adapter's revocation set to be reloaded). Service token only.
 */
@RestController
public class ErasureController {

    private final List<UserDataEraser> erasers;

    private final AuditRecorder audit;

    private final TokenRevocations revocations;

    private final String serviceName;

    /**
     * @param erasers this service's erasers, possibly none
     * @param audit where the erasure is recorded (the fact, not the data)
     * @param revocations where the erased user's tokens are revoked locally
     * @param serviceName this service's name ({@code spring.application.name})
     */
    public ErasureController(List<UserDataEraser> erasers, AuditRecorder audit, TokenRevocations revocations,
            String serviceName) {
        this.erasers = erasers;
        this.audit = audit;
        this.revocations = revocations;
        this.serviceName = serviceName;
    }

    @DeleteMapping("/internal/users/{userId}")
    ResponseEntity<Void> erase(@PathVariable String userId) {
        this.revocations.revokeSubject(userId);
        this.erasers.forEach(eraser -> eraser.erase(userId));
        this.audit.record(this.serviceName, "user.erase." + this.serviceName, "user", userId, AuditEvent.SUCCESS);
        return ResponseEntity.noContent().build();
    }
}
