package io.taidon.gateway.ratelimit;

import javax.sql.DataSource;

import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import io.taidon.gateway.config.GatewayProperties;

/** The bucket store on the control-plane PostgreSQL, the limiter, and the removal of expired buckets. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets(DataSource dataSource) {
        return RateLimitBuckets.proxyManager(dataSource, RateLimitBuckets.TABLE);
    }

    @Bean
    RequestRateLimiter requestRateLimiter(PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets,
            GatewayProperties properties, MeterRegistry meters) {
        return new RequestRateLimiter(rateLimitBuckets, properties.rateLimit(), meters);
    }

    @Bean
    ExpiredBucketCleaner expiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets) {
        return new ExpiredBucketCleaner(rateLimitBuckets);
    }

    /** Deletes buckets that have refilled to full, a batch at a time, so the table holds only active callers. */
    static final class ExpiredBucketCleaner {

        private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

        ExpiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
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
