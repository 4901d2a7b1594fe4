package io.taidon.idp.token;

/**
 * What a sign-in answers: {@code {accessToken, tokenType:"Bearer", expiresIn, userId, refreshToken}}.
 *
 * @param accessToken the JWT to send as {@code Authorization: Bearer …}
 * @param tokenType always {@code Bearer}
 * @param expiresIn lifetime of the access token in seconds
 * @param userId the user's stable id
 * @param refreshToken opaque token for {@code POST /api/auth/refresh}
 */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String userId,
        String refreshToken) {
}
