package io.taidon.gateway.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * How the gateway keeps its request budgets: one Bucket4j token bucket per key in the table created by
 * {@code V1__create_rate_limit_bucket.sql} ({@code id} = key, {@code state} = Bucket4j's serialized state,
 * {@code expires_at} = epoch milliseconds after which a full bucket may be deleted). Every replica reads and writes
 * a bucket under {@code SELECT … FOR UPDATE}, so replicas share one budget.
 */
public final class RateLimitBuckets {

    /** Table name, resolved through the gateway role's {@code search_path}. */
    public static final String TABLE = "rate_limit_bucket";

    private RateLimitBuckets() {
    }

    /**
     * @param dataSource a pool on the control-plane database
     * @param table the bucket table, schema-qualified where the connection's {@code search_path} does not find it
     * @return a proxy manager whose buckets live in that table and expire once refilled to full
     */
    public static PostgreSQLSelectForUpdateBasedProxyManager<String> proxyManager(DataSource dataSource,
            String table) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(table)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
            .build();
    }

    /**
     * @param capacity requests allowed per window
     * @param window the window; the whole budget comes back at once when it ends
     * @return the bucket configuration
     */
    public static BucketConfiguration budget(long capacity, Duration window) {
        return BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(capacity).refillIntervally(capacity, window))
            .build();
    }
}
