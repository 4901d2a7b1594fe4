package io.taidon.profile.quota;

import java.util.Arrays;

import io.taidon.platform.problem.InvalidRequestException;

/** What a quota check asks about; the wire names are those of {@code POST /internal/users/{userId}/quota-checks}. */
enum QuotaResource {

    SANDBOXES("sandboxes"),

    NAMED_SNAPSHOTS("named-snapshots"),

    SNAPSHOT_STORAGE_BYTES("snapshot-storage-bytes");

    private final String wireName;

    QuotaResource(String wireName) {
        this.wireName = wireName;
    }

    long limitIn(QuotasResponse quotas) {
        return switch (this) {
            case SANDBOXES -> quotas.maxSandboxes();
            case NAMED_SNAPSHOTS -> quotas.maxNamedSnapshots();
            case SNAPSHOT_STORAGE_BYTES -> quotas.snapshotStorageBytes();
        };
    }

    static QuotaResource of(String wireName) {
        return Arrays.stream(values())
            .filter(resource -> resource.wireName.equals(wireName))
            .findFirst()
            .orElseThrow(() -> new InvalidRequestException("unknown-quota-resource",
                    "resource must be one of sandboxes, named-snapshots, snapshot-storage-bytes."));
    }
}
