package io.taidon.vcssync.credential;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;

/**
 * Git credentials of the caller: {@code POST /api/credentials} ({@link CreateCredentialRequest}) → 201
 * {@link CredentialResponse} (the secret is never returned, by any call); {@code GET /api/credentials} → the caller's;
 * {@code DELETE /api/credentials/{id}} → 204, 404 for another's. Errors: 400 {@code invalid-credential},
 * {@code unsupported-credential-kind}.
 */
@RestController
@RequestMapping("/api/credentials")
class CredentialController {

    private final CredentialService credentials;

    CredentialController(CredentialService credentials) {
        this.credentials = credentials;
    }

    @PostMapping
    ResponseEntity<CredentialResponse> create(@RequestBody(required = false) @Nullable CreateCredentialRequest request) {
        if (request == null) {
            throw new InvalidRequestException("invalid-credential", "The body must be a JSON object.");
        }
        CredentialResponse created = this.credentials.create(CurrentUser.id(), request);
        return ResponseEntity.created(URI.create("/api/credentials/" + created.id())).body(created);
    }

    @GetMapping
    List<CredentialResponse> list() {
        return this.credentials.list(CurrentUser.id());
    }

    @DeleteMapping("/{credentialId}")
    ResponseEntity<Void> delete(@PathVariable String credentialId) {
        this.credentials.delete(CurrentUser.id(), credentialId);
        return ResponseEntity.noContent().build();
    }
}
