package io.taidon.snapshotcache.manifest;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;

/**
 * Publishes the manifest verification keys ({@code GET /api/snapshots/keys}, no token needed) and rotates the
 * signing key ({@code POST /internal/snapshots/keys/rotate}, service token).
 */
@RestController
class SigningKeyController {

    private final SigningKeyService signingKeys;

    private final AuditRecorder audit;

    SigningKeyController(SigningKeyService signingKeys, AuditRecorder audit) {
        this.signingKeys = signingKeys;
        this.audit = audit;
    }

    @GetMapping("/api/snapshots/keys")
    KeysResponse keys() {
        return new KeysResponse(this.signingKeys.publishedKeys());
    }

    @PostMapping("/internal/snapshots/keys/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    SigningKeyService.PublicSigningKey rotate() {
        SigningKeyService.PublicSigningKey key = this.signingKeys.rotate();
        this.audit.record("snapshot-cache", "snapshot.signing-key.rotate", "signing-key", key.keyId(),
                AuditEvent.SUCCESS);
        return key;
    }

    /**
     * @param keys every signing key, oldest first
     */
    record KeysResponse(List<SigningKeyService.PublicSigningKey> keys) {
    }
}
