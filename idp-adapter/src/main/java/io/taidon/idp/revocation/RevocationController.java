package io.taidon.idp.revocation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.RevocationSet;

/**
 * {@code GET /internal/revocations} (service token only) → {@code 200 {subjects: {sub: instant}, tokens: [jti]}}: every
 * revocation whose tokens may still be unexpired. Services poll it at least every second.
 */
@RestController
class RevocationController {

    private final TokenRevocationService revocations;

    RevocationController(TokenRevocationService revocations) {
        this.revocations = revocations;
    }

    @GetMapping("/internal/revocations")
    RevocationSet revocations() {
        return this.revocations.load();
    }
}
