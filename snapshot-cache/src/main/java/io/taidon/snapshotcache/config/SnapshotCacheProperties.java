package io.taidon.snapshotcache.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of snapshot-cache ({@code taidon.snapshot-cache.*}).
 *
 * @param s3 the S3-compatible object store
 * @param upload the upload protocol
 * @param chainCache the chain cache and its build leases
 * @param retention retention, eviction and garbage collection
 */
@Validated
@ConfigurationProperties("taidon.snapshot-cache")
public record SnapshotCacheProperties(@Valid @DefaultValue S3 s3, @Valid @DefaultValue Upload upload,
        @Valid @DefaultValue ChainCache chainCache, @Valid @DefaultValue Retention retention) {

    /**
     * Where the objects live. Every object goes through the MinIO SDK to this endpoint.
     *
     * @param endpoint URL of the S3-compatible server, e.g. {@code http://127.0.0.1:9000}
     * @param accessKey access key id (no default: supplied by the deployment)
     * @param secretKey secret access key (no default: supplied by the deployment)
     * @param bucket bucket holding blobs and manifests; created at startup when missing
     * @param region region sent with every request
     * @param partSize part size of multipart uploads for streams of unknown length (at least 5 MB)
     */
    public record S3(@DefaultValue("http://127.0.0.1:9000") @NotBlank String endpoint, @Nullable String accessKey,
            @Nullable String secretKey, @DefaultValue("taidon-snapshots") @NotBlank String bucket,
            @DefaultValue("us-east-1") @NotBlank String region, @DefaultValue("8MB") DataSize partSize) {
    }

    /**
     * @param expiry how long an upload may stay open before it is abandoned (its blobs then become collectable)
     */
    public record Upload(@DefaultValue("6h") Duration expiry) {
    }

    /**
     * @param leaseDuration how long a build lease for a chain hash lasts unless its snapshot is committed first
     */
    public record ChainCache(@DefaultValue("10m") Duration leaseDuration) {
    }

    /**
     * @param chainBudget byte budget for chain snapshots (stored bytes); least recently used ones beyond it are
     *        evicted
     * @param autoKeep how many automatic snapshots each user keeps (the oldest beyond are deleted)
     * @param gcGracePeriod minimum age of an unreferenced blob before garbage collection deletes it
     * @param interval pause between two retention passes
     * @param enabled whether the retention pass runs on its own schedule
     */
    public record Retention(@DefaultValue("20GB") DataSize chainBudget, @DefaultValue("5") @Min(0) int autoKeep,
            @DefaultValue("1h") Duration gcGracePeriod, @DefaultValue("5m") Duration interval,
            @DefaultValue("true") boolean enabled) {
    }
}
