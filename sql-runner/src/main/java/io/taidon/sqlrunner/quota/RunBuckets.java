package io.taidon.sqlrunner.quota;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Where runs per minute are counted: one Bucket4j token bucket per user and limit in {@code runs.run_bucket}
 * ({@code V2__create_run_bucket.sql}: {@code id} = key, {@code state} = Bucket4j's serialized state,
 * {@code expires_at} = epoch milliseconds after which a full bucket may be deleted), read and written under
 * {@code SELECT … FOR UPDATE}, so every replica spends from the same bucket (DESIGN.md, "Limits and tokens across
 * replicas"). The same shape as the gateway's {@code RateLimitBuckets}.
 */
@Configuration(proxyBeanMethods = false)
class RunBuckets {

    /** The bucket table, schema-qualified (sql-runner's schema is {@code runs}). */
    static final String TABLE = "runs.run_bucket";

    /** The window of {@code runsPerMinute}. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    @Bean
    PostgreSQLSelectForUpdateBasedProxyManager<String> runBucketStore(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(TABLE)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(WINDOW))
            .build();
    }

    @Bean
    ExpiredRunBuckets expiredRunBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> runBucketStore) {
        return new ExpiredRunBuckets(runBucketStore);
    }

    /**
     * @param runsPerMinute runs allowed per minute, at least 1
     * @return a bucket that holds that many runs and gets all of them back a minute after it started to be spent
     */
    static BucketConfiguration perMinute(long runsPerMinute) {
        return BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(runsPerMinute).refillIntervally(runsPerMinute, WINDOW))
            .build();
    }

    /**
     * @param perMinute saves allowed per minute
     * @param perHour saves allowed per hour
     * @return a bucket with both limits, each refilled all at once at the end of its window
     */
    static BucketConfiguration saves(long perMinute, long perHour) {
        return BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, WINDOW))
            .addLimit(limit -> limit.capacity(perHour).refillIntervally(perHour, Duration.ofHours(1)))
            .build();
    }

    /** Deletes buckets that have refilled to full, a batch at a time, so the table holds only active learners. */
    static final class ExpiredRunBuckets {

        private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

        ExpiredRunBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
            this.buckets = buckets;
        }

        @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
        void removeExpired() {
            int removed;
            do {
                removed = this.buckets.removeExpired(1000);
            }
            while (removed == 1000);
        }
    }
}
