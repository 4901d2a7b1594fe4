package io.taidon.launcher;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (database passwords, client secrets, S3 keys) generated at every start and kept in memory only. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** @return 32 random bytes, URL-safe Base64 without padding (43 characters) */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return 20 random upper-case letters and digits, the shape of an S3 access key id */
    static String accessKeyId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder key = new StringBuilder("TAIDON");
        while (key.length() < 20) {
            key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
