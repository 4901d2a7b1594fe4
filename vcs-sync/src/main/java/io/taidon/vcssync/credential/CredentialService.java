package io.taidon.vcssync.credential;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.vcssync.project.ProjectService;

/**
 * Git credentials scoped to the account: stored encrypted ({@link CredentialCipher}), listed without their secret,
 * decrypted only into a {@link GitSecret} for one Git operation of their owner, deleted with the user.
 * The plaintext is {@code username ‖ 0x00 ‖ secret} in UTF-8.
 */
@Service
public class CredentialService {

    /** The one kind supported: an HTTPS remote's user name and token. */
    public static final String HTTPS_TOKEN = "https-token";

    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

    private static final String DEFAULT_USERNAME = "x-access-token";

    private final CredentialRepository credentials;

    private final CredentialCipher cipher;

    private final AuditRecorder audit;

    private final Clock clock = Clock.systemUTC();

    CredentialService(CredentialRepository credentials, CredentialCipher cipher, AuditRecorder audit) {
        this.credentials = credentials;
        this.cipher = cipher;
        this.audit = audit;
    }

    /**
     * @param userId the owner
     * @param request name, kind, user name and secret
     * @return the stored credential, without its secret
     * @throws InvalidRequestException {@code invalid-credential} (400) for a missing or oversized field, or
     *         {@code unsupported-credential-kind} (400) for a kind other than {@value #HTTPS_TOKEN}
     */
    @Transactional
    public CredentialResponse create(String userId, CreateCredentialRequest request) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidRequestException("invalid-credential", "name must be 1 to 100 characters.");
        }
        if (!HTTPS_TOKEN.equals(request.kind())) {
            throw new InvalidRequestException("unsupported-credential-kind",
                    "kind must be https-token (SSH keys are not supported yet).");
        }
        if (request.secret() == null || request.secret().isEmpty() || request.secret().length() > 4096) {
            throw new InvalidRequestException("invalid-credential", "secret must be 1 to 4096 characters.");
        }
        String username = request.username() == null || request.username().isBlank() ? DEFAULT_USERNAME
                : request.username().strip();
        if (username.length() > 200 || username.indexOf('\0') >= 0 || username.indexOf(':') >= 0) {
            throw new InvalidRequestException("invalid-credential",
                    "username must be at most 200 characters without ':'.");
        }
        String id = ProjectService.newId("cred_");
        byte[] plaintext = (username + '\0' + request.secret()).getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = this.cipher.encrypt(plaintext, userId, id);
        Arrays.fill(plaintext, (byte) 0);
        CredentialEntity saved = this.credentials.save(
                new CredentialEntity(id, userId, name, HTTPS_TOKEN, ciphertext, this.clock.instant()));
        this.audit.record(userId, "credential.create", "credential", id, AuditEvent.SUCCESS);
        return response(saved);
    }

    /**
     * @param userId the caller
     * @return the caller's credentials, oldest first, without secrets
     */
    @Transactional(readOnly = true)
    public List<CredentialResponse> list(String userId) {
        return this.credentials.findByUserIdOrderByCreatedAtAsc(userId).stream().map(CredentialService::response).toList();
    }

    /**
     * @param userId the caller
     * @param credentialId a credential id
     * @throws NotFoundException when the caller has no such credential (404)
     */
    @Transactional
    public void delete(String userId, String credentialId) {
        CredentialEntity credential = owned(userId, credentialId);
        this.credentials.delete(credential);
        this.audit.record(userId, "credential.delete", "credential", credentialId, AuditEvent.SUCCESS);
    }

    /**
     * @param userId the caller
     * @param credentialId a credential id
     * @throws NotFoundException when the caller has no such credential (404)
     */
    @Transactional(readOnly = true)
    public void requireOwned(String userId, String credentialId) {
        owned(userId, credentialId);
    }

    /**
     * @param userId the caller
     * @param credentialId one of the caller's credentials
     * @return the decrypted credential (close it after use)
     * @throws NotFoundException when the caller has no such credential, or it no longer decrypts (404)
     */
    @Transactional
    public GitSecret secret(String userId, String credentialId) {
        CredentialEntity credential = owned(userId, credentialId);
        byte[] plaintext;
        try {
            plaintext = this.cipher.decrypt(credential.ciphertext(), userId, credentialId);
        }
        catch (GeneralSecurityException ex) {
            log.warn("credential {} of {} does not decrypt under the configured keyset", credentialId, userId);
            throw NotFoundException.forId("credential", credentialId);
        }
        int separator = 0;
        while (plaintext[separator] != 0) {
            separator++;
        }
        String username = new String(plaintext, 0, separator, StandardCharsets.UTF_8);
        CharBuffer chars = StandardCharsets.UTF_8.decode(
                ByteBuffer.wrap(plaintext, separator + 1, plaintext.length - separator - 1));
        char[] secret = new char[chars.remaining()];
        chars.get(secret);
        Arrays.fill(plaintext, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        this.audit.record(userId, "credential.use", "credential", credentialId, AuditEvent.SUCCESS);
        return new GitSecret(username, secret);
    }

    /**
     * Erasure: every credential of the user.
     *
     * @param userId the user
     * @return credentials removed
     */
    @Transactional
    public long eraseUser(String userId) {
        return this.credentials.deleteByUserId(userId);
    }

    private CredentialEntity owned(String userId, @Nullable String credentialId) {
        if (credentialId == null) {
            throw NotFoundException.forId("credential", "");
        }
        return this.credentials.findByIdAndUserId(credentialId, userId)
            .orElseThrow(() -> NotFoundException.forId("credential", credentialId));
    }

    private static CredentialResponse response(CredentialEntity credential) {
        return new CredentialResponse(credential.id(), credential.name(), credential.kind(), credential.createdAt());
    }
}
