package io.taidon.vcssync.credential;

import java.time.Instant;

/**
 * A credential as the API shows it: never its secret.
 *
 * @param id {@code cred_…}
 * @param name its name
 * @param kind {@code https-token}
 * @param createdAt when it was stored
 */
public record CredentialResponse(String id, String name, String kind, Instant createdAt) {
}
