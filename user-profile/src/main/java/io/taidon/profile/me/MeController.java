package io.taidon.profile.me;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;

/**
 * {@code GET /api/me} → {@link MeResponse} (404 after erasure); {@code DELETE /api/me} → 204 after the erasure
 * cascade, 503 when a service could not erase (retry; repeating is harmless). User tokens only (403 for services).
 */
@RestController
@PreAuthorize("hasAnyRole('ANONYMOUS', 'LEARNER', 'ADMIN')")
class MeController {

    private final MeService me;

    MeController(MeService me) {
        this.me = me;
    }

    @GetMapping("/api/me")
    MeResponse me() {
        return this.me.me(CurrentUser.id());
    }

    @DeleteMapping("/api/me")
    ResponseEntity<Void> erase() {
        this.me.erase(CurrentUser.id());
        return ResponseEntity.noContent().build();
    }
}
