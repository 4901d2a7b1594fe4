package io.taidon.vcssync.credential;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/credentials} body.
 *
 * @param name 1 to 100 characters, to recognise it by
 * @param kind {@code https-token}: an HTTPS remote's user name and personal access token (or password)
 * @param username the user name sent with the token; null for {@code x-access-token}, which the common hosts accept
 * @param secret the token, 1 to 4096 characters; stored encrypted and never returned
 */
public record CreateCredentialRequest(@Nullable String name, @Nullable String kind, @Nullable String username,
        @Nullable String secret) {
}
