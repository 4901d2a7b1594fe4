package io.taidon.sqlrunner.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.RateLimitedException;
import io.taidon.sqlrunner.client.userprofile.RunQuotas;
import io.taidon.sqlrunner.client.userprofile.UserProfileClient;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/**
 * Admits a run by the learner's quotas from user-profile (cached per user for
 * {@code taidon.sql-runner.quotas.cache-ttl}): spends one of the user's {@code runsPerMinute} from a Bucket4j bucket
 * in {@code runs.run_bucket} ({@link RunBuckets}: every replica spends from the same one) and hands the run its
 * {@code statementTimeoutMs}.
 * <p>
 * Metrics: {@code taidon.runs.refused{reason=rate-limit}} (runs answered 429),
 * {@code taidon.runs.statements.canceled{limit=user}} (statements canceled at the learner's own statement time
 * limit, not the runner's).
 */
@Service
public class RunQuotaService {

    /** Above this many cached users, expired entries are dropped before another is added. */
    private static final int PURGE_ABOVE = 10_000;

    private final UserProfileClient userProfile;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    private final JdbcTemplate jdbc;

    private final long cacheTtlNanos;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private final Counter refusedByRate;

    private final Counter canceledAtUserLimit;

    private final Counter refusedSaves;

    private final int savesPerMinute;

    private final int savesPerHour;

    RunQuotaService(UserProfileClient userProfile, PostgreSQLSelectForUpdateBasedProxyManager<String> runBucketStore,
            JdbcTemplate jdbc, SqlRunnerProperties properties, MeterRegistry meters) {
        this.savesPerMinute = properties.quotas().savesPerMinute();
        this.savesPerHour = properties.quotas().savesPerHour();
        this.refusedSaves = Counter.builder("taidon.snapshots.saves.refused")
            .description("Snapshot saves refused by the learner's save rate limit")
            .register(meters);
        this.userProfile = userProfile;
        this.buckets = runBucketStore;
        this.jdbc = jdbc;
        this.cacheTtlNanos = properties.quotas().cacheTtl().toNanos();
        this.refusedByRate = Counter.builder("taidon.runs.refused")
            .description("Runs refused by the learner's quota before any sandbox work")
            .tag("reason", "rate-limit")
            .register(meters);
        this.canceledAtUserLimit = Counter.builder("taidon.runs.statements.canceled")
            .description("Statements canceled at a time limit, by whose limit it was")
            .tag("limit", "user")
            .register(meters);
    }

    /**
     * Spends one run of the learner's budget. Called first thing in a run, before its sandbox is resolved, so a
     * refused run costs no sandbox work; every admitted request counts, whatever the run then answers.
     *
     * @param userId the learner
     * @return the limits of the admitted run
     * @throws RateLimitedException (429, {@code Retry-After} in seconds) when the learner's {@code runsPerMinute}
     *         are spent, or are 0
     * @throws DownstreamUnavailableException when user-profile cannot tell the quotas, or the bucket table cannot be
     *         reached (503)
     * @throws io.taidon.platform.problem.TaidonProblemException with user-profile's status when it refuses the
     *         lookup (4xx)
     */
    public RunLimits admit(String userId) {
        RunQuotas quotas = quotas(userId);
        int perMinute = quotas.runsPerMinute();
        if (perMinute == 0) {
            this.refusedByRate.increment();
            throw new RateLimitedException("Your quota allows no runs.", RunBuckets.WINDOW.toSeconds());
        }
        ConsumptionProbe probe;
        try {
            probe = this.buckets.builder()
                .build(key(userId, perMinute), () -> RunBuckets.perMinute(perMinute))
                .tryConsumeAndReturnRemaining(1);
        }
        catch (RuntimeException ex) {
            // a quota is never assumed: without the shared bucket the run is not admitted
            throw new DownstreamUnavailableException("run quota store", ex);
        }
        if (!probe.isConsumed()) {
            this.refusedByRate.increment();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L);
            throw new RateLimitedException("Your quota allows " + perMinute + " runs per minute; try again in "
                    + Math.max(1, seconds) + " seconds.", seconds);
        }
        return new RunLimits(quotas.statementTimeout(), this.canceledAtUserLimit::increment);
    }

    /**
     * Admits a snapshot save against the learner's save rate limit ({@code saves-per-minute}, {@code saves-per-hour}),
     * kept in the same shared bucket table as runs, so it holds across sql-runner replicas.
     *
     * @param userId the learner
     * @throws RateLimitedException (429, {@code Retry-After} in seconds) when the learner's saves are spent
     * @throws DownstreamUnavailableException when the bucket table cannot be reached (503)
     */
    public void admitSave(String userId) {
        ConsumptionProbe probe;
        try {
            probe = this.buckets.builder()
                .build(userId + ":saves:" + this.savesPerMinute + ":" + this.savesPerHour,
                        () -> RunBuckets.saves(this.savesPerMinute, this.savesPerHour))
                .tryConsumeAndReturnRemaining(1);
        }
        catch (RuntimeException ex) {
            throw new DownstreamUnavailableException("run quota store", ex);
        }
        if (!probe.isConsumed()) {
            this.refusedSaves.increment();
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new RateLimitedException("You may save " + this.savesPerMinute + " snapshots per minute and "
                    + this.savesPerHour + " per hour; try again in " + seconds + " seconds.", seconds);
        }
    }

    /**
     * Erasure: forgets the learner's cached quotas and deletes its buckets.
     *
     * @param userId the learner
     */
    public void forget(String userId) {
        this.cache.remove(userId);
        this.jdbc.update("delete from " + RunBuckets.TABLE + " where starts_with(id, ?)", userId + ":");
    }

    private RunQuotas quotas(String userId) {
        long now = System.nanoTime();
        Cached cached = this.cache.get(userId);
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.quotas();
        }
        RunQuotas quotas = this.userProfile.quotas(userId);
        if (this.cache.size() > PURGE_ABOVE) {
            this.cache.values().removeIf(entry -> now - entry.expiresAt() >= 0);
        }
        this.cache.put(userId, new Cached(quotas, now + this.cacheTtlNanos));
        return quotas;
    }

    /** A bucket per user and limit: a changed {@code runsPerMinute} starts a bucket of its own size. */
    private static String key(String userId, int runsPerMinute) {
        return userId + ":" + runsPerMinute;
    }

    /**
     * @param quotas what user-profile answered
     * @param expiresAt {@link System#nanoTime()} after which it is read again
     */
    private record Cached(RunQuotas quotas, long expiresAt) {
    }
}
