package io.taidon.idp.user;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New userIds: {@code u_<provider>_<22 URL-safe base64 characters>} (128 random bits), e.g.
 * {@code u_anon_7Hq2…}. The provider part is {@code anon}, {@code local} or {@code oidc}.
 */
public final class UserIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private UserIds() {
    }

    /**
     * @param provider {@code anon}, {@code local} or {@code oidc}
     * @return a fresh userId
     */
    public static String generate(String provider) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "u_" + provider + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
