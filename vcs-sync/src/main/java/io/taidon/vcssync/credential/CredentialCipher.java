package io.taidon.vcssync.credential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.springframework.stereotype.Component;

import io.taidon.vcssync.config.VcsSyncProperties;

/**
 * Encrypts Git credentials at rest with Google Tink's AEAD primitive under a keyset from configuration: AES-256-GCM
 * keys in Tink's JSON keyset format, ciphertexts in Tink's wire format (a 5-byte key prefix, the 12-byte nonce, the
 * ciphertext and the 16-byte tag), so keys rotate by adding a new primary key to the keyset while old ciphertexts stay
 * readable. The associated data binds each ciphertext to its owner and credential id
 * ({@code taidon-vcs-credential/v1 ‖ 0x00 ‖ userId ‖ 0x00 ‖ credentialId}): a row copied to another account or
 * id does not decrypt. No home-made cryptography.
 */
@Component
class CredentialCipher {

    private static final String DOMAIN = "taidon-vcs-credential/v1";

    private final Aead aead;

    CredentialCipher(VcsSyncProperties properties) {
        try {
            AeadConfig.register();
            this.aead = keyset(properties.credentials()).getPrimitive(RegistryConfiguration.get(), Aead.class);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("the credentials keyset cannot be used: " + ex.getMessage(), ex);
        }
    }

    byte[] encrypt(byte[] plaintext, String userId, String credentialId) {
        try {
            return this.aead.encrypt(plaintext, associatedData(userId, credentialId));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("encryption failed", ex);
        }
    }

    /**
     * @throws GeneralSecurityException when the ciphertext was not made by this keyset for this owner and id
     */
    byte[] decrypt(byte[] ciphertext, String userId, String credentialId) throws GeneralSecurityException {
        return this.aead.decrypt(ciphertext, associatedData(userId, credentialId));
    }

    private static byte[] associatedData(String userId, String credentialId) {
        return (DOMAIN + '\0' + userId + '\0' + credentialId).getBytes(StandardCharsets.UTF_8);
    }

    private static KeysetHandle keyset(VcsSyncProperties.Credentials settings) throws GeneralSecurityException {
        if (settings.keyset() != null && !settings.keyset().isBlank()) {
            return TinkJsonProtoKeysetFormat.parseKeyset(settings.keyset(), InsecureSecretKeyAccess.get());
        }
        Path file = settings.keysetFile();
        if (file == null) {
            throw new IllegalStateException("set taidon.vcs-sync.credentials.keyset-file or .keyset: Git credentials"
                    + " are stored encrypted and there is no default key");
        }
        try {
            if (Files.exists(file)) {
                return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
            }
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial,
                    TinkJsonProtoKeysetFormat.serializeKeyset(created, InsecureSecretKeyAccess.get()));
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return created;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("the credentials keyset file " + file + " cannot be read or created", ex);
        }
    }
}
