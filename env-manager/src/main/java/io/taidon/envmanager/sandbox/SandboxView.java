package io.taidon.envmanager.sandbox;

import java.time.Instant;

/**
 * What env-manager tells about a sandbox outside itself: never its host, port or credentials.
 *
 * @param id {@code sb_…}
 * @param userId owner
 * @param status lifecycle state
 * @param engineVersion PostgreSQL version, e.g. {@code 18.6}
 * @param defaultSandbox whether it is the user's default (the one runs use)
 * @param createdAt creation time
 * @param lastUsedAt last use
 * @param base its base (empty, or the snapshot a restore or branch made its starting point)
 */
public record SandboxView(String id, String userId, SandboxStatus status, String engineVersion,
        boolean defaultSandbox, Instant createdAt, Instant lastUsedAt, SandboxBase base) {

    static SandboxView of(SandboxEntity entity) {
        return new SandboxView(entity.getId(), entity.getUserId(), entity.getStatus(), entity.getEngineVersion(),
                entity.isDefaultSandbox(), entity.getCreatedAt(), entity.getLastUsedAt(),
                new SandboxBase(entity.getBaseSnapshotId(), entity.getBaseRef(), entity.getBaseSince()));
    }
}
