package io.taidon.snapshotcache.chain;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.snapshotcache.config.SnapshotCacheProperties;
import io.taidon.snapshotcache.manifest.Manifest;
import io.taidon.snapshotcache.snapshot.SnapshotRecord;
import io.taidon.snapshotcache.snapshot.SnapshotService;
import io.taidon.snapshotcache.storage.SnapshotCorruptException;

/**
 * The chain cache: the deepest chain hash of a run that has a chain snapshot, and build leases so that one caller
 * builds a chain hash while the others are told it is in progress (at most one lease per hash, kept in the
 * {@code build_lease} table, ended by the snapshot's commit or by expiry).
 */
@Service
class ChainCacheService {

    private static final Pattern CHAIN_HASH = Pattern.compile("[0-9a-f]{64}");

    private static final int MAX_HASHES = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SnapshotService snapshots;

    private final JdbcClient jdbc;

    private final Duration leaseDuration;

    private final Counter hits;

    private final Counter misses;

    ChainCacheService(SnapshotService snapshots, JdbcClient jdbc, SnapshotCacheProperties properties,
            MeterRegistry meters) {
        this.snapshots = snapshots;
        this.jdbc = jdbc;
        this.leaseDuration = properties.chainCache().leaseDuration();
        this.hits = Counter.builder("taidon.snapshot.cache.requests").tag("result", "hit")
            .description("Chain-cache lookups by result")
            .register(meters);
        this.misses = Counter.builder("taidon.snapshot.cache.requests").tag("result", "miss")
            .description("Chain-cache lookups by result")
            .register(meters);
    }

    /**
     * @param chainHashes {@code h_1 … h_n} of a run, shallowest first
     * @return the deepest hash with a verified chain snapshot, or empty (a corrupt one is skipped, and audited)
     */
    Optional<Hit> lookup(List<String> chainHashes) {
        if (chainHashes.size() > MAX_HASHES) {
            throw new InvalidRequestException("invalid-chain-hashes", "At most " + MAX_HASHES + " chain hashes.");
        }
        chainHashes.forEach(ChainCacheService::requireChainHash);
        Map<String, SnapshotRecord> found = this.snapshots.findChainSnapshots(chainHashes)
            .stream()
            .collect(Collectors.toMap(s -> s.chainHash() == null ? "" : s.chainHash(), Function.identity()));
        for (int i = chainHashes.size() - 1; i >= 0; i--) {
            SnapshotRecord snapshot = found.get(chainHashes.get(i));
            if (snapshot == null) {
                continue;
            }
            try {
                Manifest manifest = this.snapshots.verifiedManifest(snapshot);
                this.snapshots.touch(snapshot.id());
                this.hits.increment();
                return Optional.of(new Hit(i + 1, chainHashes.get(i), snapshot.id(), manifest));
            }
            catch (SnapshotCorruptException ex) {
                // refused and audited by verifiedManifest; a shallower snapshot may still serve the run
            }
        }
        this.misses.increment();
        return Optional.empty();
    }

    /**
     * @param chainHash the hash to build
     * @param holder who builds it (the calling service)
     * @return the lease when the caller may build, else the current lease's expiry
     * @throws ConflictException {@code chain-snapshot-exists} when it is already built
     */
    LeaseAnswer acquire(String chainHash, String holder) {
        requireChainHash(chainHash);
        this.snapshots.findChainSnapshot(chainHash).ifPresent(built -> {
            throw new ConflictException("chain-snapshot-exists",
                    "Chain hash " + chainHash + " is already built as snapshot " + built.id() + ".");
        });
        String leaseId = "l_" + randomHex();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(this.leaseDuration);
        Optional<String> granted = this.jdbc.sql("""
                insert into build_lease (chain_hash, lease_id, holder, expires_at) values (?, ?, ?, ?)
                on conflict (chain_hash) do update
                    set lease_id = excluded.lease_id, holder = excluded.holder, expires_at = excluded.expires_at
                    where build_lease.expires_at < ?
                returning lease_id""")
            .params(chainHash, leaseId, holder, Timestamp.from(expiresAt), Timestamp.from(now))
            .query(String.class)
            .optional();
        if (granted.isPresent()) {
            return new LeaseAnswer(new Lease(chainHash, leaseId, expiresAt), null);
        }
        Instant current = this.jdbc.sql("select expires_at from build_lease where chain_hash = ?")
            .param(chainHash)
            .query(OffsetDateTime.class)
            .optional()
            .map(OffsetDateTime::toInstant)
            .orElse(now);
        return new LeaseAnswer(null, current);
    }

    /**
     * Ends a lease early (the build failed); ending an unknown or expired lease succeeds.
     *
     * @param chainHash the hash
     * @param leaseId the lease to end
     */
    void release(String chainHash, String leaseId) {
        requireChainHash(chainHash);
        this.jdbc.sql("delete from build_lease where chain_hash = ? and lease_id = ?").params(chainHash, leaseId)
            .update();
    }

    private static void requireChainHash(@Nullable String chainHash) {
        if (chainHash == null || !CHAIN_HASH.matcher(chainHash).matches()) {
            throw new InvalidRequestException("invalid-chain-hashes", "A chain hash is 64 lower-case hex digits.");
        }
    }

    private static String randomHex() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * @param depth 1-based index of the hash in the request
     * @param chainHash the deepest cached hash
     * @param snapshotId its chain snapshot
     * @param manifest the snapshot's verified manifest
     */
    record Hit(int depth, String chainHash, String snapshotId, Manifest manifest) {
    }

    /**
     * @param chainHash the hash being built
     * @param leaseId id to end the lease early
     * @param expiresAt when the lease ends unless the snapshot is committed first
     */
    record Lease(String chainHash, String leaseId, Instant expiresAt) {
    }

    /**
     * @param granted the caller's lease, or null when someone else holds one
     * @param busyUntil the other holder's expiry when not granted
     */
    record LeaseAnswer(@Nullable Lease granted, @Nullable Instant busyUntil) {
    }
}
