package io.taidon.envmanager.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.taidon.envmanager.config.EnvManagerProperties;

/**
 * Generates sandbox passwords and encrypts them at rest: AES-256-GCM (NIST SP 800-38D), a random 96-bit nonce per
 * value, stored as {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}. The key comes from
 * {@code taidon.env-manager.credentials-key} or, without one, from {@code credentials.key} (mode 0600) in the
 * sandboxes directory, generated on first use.
 */
@Component
public class SandboxCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SandboxCredentials(EnvManagerProperties properties) throws IOException {
        byte[] raw;
        if (properties.credentialsKey() != null && !properties.credentialsKey().isBlank()) {
            raw = Base64.getDecoder().decode(properties.credentialsKey().trim());
        }
        else {
            Path file = properties.sandboxesDir().resolve("credentials.key");
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] generated = new byte[32];
                RANDOM.nextBytes(generated);
                Path temporary = Files.createTempFile(file.getParent(), "credentials", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temporary, Base64.getEncoder().encodeToString(generated));
                try {
                    Files.move(temporary, file);
                }
                catch (java.nio.file.FileAlreadyExistsException ex) {
                    Files.delete(temporary);
                }
            }
            raw = Base64.getDecoder().decode(Files.readString(file).trim());
        }
        if (raw.length != 16 && raw.length != 32) {
            throw new IllegalStateException("taidon.env-manager.credentials-key must be 16 or 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** @return a new random password (32 URL-safe characters, 192 bits) */
    public static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String encrypt(String secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot encrypt a sandbox credential", ex);
        }
    }

    String decrypt(String stored) {
        if (!stored.startsWith("v1:")) {
            throw new IllegalStateException("unknown credential format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot decrypt a sandbox credential (wrong key?)", ex);
        }
    }
}
