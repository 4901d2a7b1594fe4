package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.envmanager.config.EnvManagerProperties;

import io.taidon.envmanager.files.FileTrees;

/**
 * The node's own copies of materialised snapshots (not to be confused with the snapshot-cache service, which holds
 * snapshots durably in S3, nor with sql-runner's chain cache): the first restore of a snapshot on this node leaves a read-only
 * copy of its PGDATA here (downloaded and verified once, Taidon's configuration files in place, the superuser's
 * password set to a random boot password of the entry); later restores copy that tree locally, with no network.
 * Snapshots are immutable and content-addressed, so an entry never goes stale. Layout:
 * <pre>
 * &lt;dir&gt;/&lt;snapshotId&gt;/pgdata/        the tree (files mode 0400/0500)
 * &lt;dir&gt;/&lt;snapshotId&gt;/entry.properties size in bytes, chain hash; written before the entry appears
 * &lt;dir&gt;/&lt;snapshotId&gt;/boot.pw          the boot password (mode 0600)
 * &lt;dir&gt;/&lt;snapshotId&gt;/spares/&lt;uuid&gt;/ a writable copy made ahead of time ({@link SparePool}), moved
 *                                     (renamed) into a new sandbox by the next restore, then made again
 * &lt;dir&gt;/.tmp-…, .trash-…               being written / being deleted (removed at startup)
 * </pre>
 * An entry is written under a temporary name and renamed into place atomically, so a crash never leaves a partial
 * entry visible. The total size is bounded: after each addition the least recently used entries (last-modified time
 * of {@code entry.properties}, touched on every use) are evicted until the total fits the budget; an entry being
 * copied is never evicted (read lock). An entry's size counts twice (tree and spare). Thread-safe within one
 * env-manager.
 */
final class NodeSnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(NodeSnapshotStore.class);

    private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,120}");

    private static final String ENTRY = "entry.properties";

    private static final String BOOT_PASSWORD = "boot.pw";

    private static final String SPARES = "spares";

    private final Path dir;

    private final long maxBytes;

    private final boolean enabled;

    private final Map<String, ReentrantReadWriteLock> entryLocks = new ConcurrentHashMap<>();

    private final Map<String, ReentrantLock> fillLocks = new ConcurrentHashMap<>();

    private final Duration evictionWait;

    private final SparePool spares;

    /**
     * With the default delays ({@link EnvManagerProperties.NodeSnapshots.Spares}).
     *
     * @param dir where entries live (created with mode 0700)
     * @param maxBytes size budget of all entries
     * @param enabled when false, nothing is kept ({@link #open} always misses, {@link #add} does nothing)
     */
    NodeSnapshotStore(Path dir, long maxBytes, boolean enabled) {
        this(dir, maxBytes, enabled, EnvManagerProperties.NodeSnapshots.Spares.DEFAULT_REFILL_DELAY,
                EnvManagerProperties.NodeSnapshots.Spares.DEFAULT_EVICTION_WAIT);
    }

    /**
     * @param dir where entries live (created with mode 0700)
     * @param maxBytes size budget of all entries
     * @param enabled when false, nothing is kept ({@link #open} always misses, {@link #add} does nothing)
     * @param refillDelay how long after a spare was taken the next one is made
     * @param evictionWait how long an eviction waits for an entry a spare copy is being made from
     */
    NodeSnapshotStore(Path dir, long maxBytes, boolean enabled, Duration refillDelay, Duration evictionWait) {
        this.dir = dir.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.enabled = enabled;
        this.evictionWait = evictionWait;
        this.spares = new SparePool(this.dir, refillDelay, snapshotId -> open(snapshotId, false));
        if (!enabled) {
            return;
        }
        try {
            Files.createDirectories(this.dir);
            Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> children = Files.list(this.dir)) {
                for (Path child : children.toList()) {
                    String name = child.getFileName().toString();
                    if (name.startsWith(".tmp-") || name.startsWith(".trash-")
                            || (Files.isDirectory(child) && !Files.isRegularFile(child.resolve(ENTRY)))) {
                        FileTrees.deleteQuietly(child);
                    }
                    else if (Files.isDirectory(child.resolve(SPARES))) {
                        try (Stream<Path> spares = Files.list(child.resolve(SPARES))) {
                            spares.filter(spare -> spare.getFileName().toString().startsWith(".tmp-"))
                                .forEach(FileTrees::deleteQuietly);
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare the node snapshot store " + this.dir, ex);
        }
    }

    /** A cached entry held open (it is not evicted until closed). */
    interface Lease extends AutoCloseable {

        /** @return the read-only PGDATA of the entry */
        Path pgdata();

        /** @return the superuser password of that PGDATA */
        String bootPassword();

        /** @return the snapshot's chain hash, or null */
        @Nullable String chainHash();

        /** @return whether a spare copy is kept ready */
        boolean spares();

        @Override
        void close();
    }

    /**
     * @param snapshotId a snapshot
     * @return the lock that serialises filling the entry of that snapshot (one download per node)
     */
    ReentrantLock fillLock(String snapshotId) {
        return this.fillLocks.computeIfAbsent(snapshotId, id -> new ReentrantLock());
    }

    /**
     * @param snapshotId a snapshot
     * @return its entry, held open and marked used, or empty when it is not cached
     */
    Optional<Lease> open(String snapshotId) {
        return open(snapshotId, true);
    }

    /** @param use whether this counts as a use for eviction (a restore does; making a spare copy does not) */
    private Optional<Lease> open(String snapshotId, boolean use) {
        if (!this.enabled || !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            return Optional.empty();
        }
        ReentrantReadWriteLock lock = this.entryLocks.computeIfAbsent(snapshotId, id -> new ReentrantReadWriteLock());
        lock.readLock().lock();
        boolean handedOut = false;
        try {
            Path entry = this.dir.resolve(snapshotId);
            Path properties = entry.resolve(ENTRY);
            if (!Files.isRegularFile(properties)) {
                return Optional.empty();
            }
            Properties values = load(properties);
            String password = Files.readString(entry.resolve(BOOT_PASSWORD)).strip();
            if (use) {
                Files.setLastModifiedTime(properties, FileTime.from(Instant.now()));
            }
            String chainHash = values.getProperty("chainHash", "");
            boolean spares = Boolean.parseBoolean(values.getProperty("spares", "true"));
            handedOut = true;
            return Optional.of(new Lease() {
                @Override
                public Path pgdata() {
                    return entry.resolve("pgdata");
                }

                @Override
                public String bootPassword() {
                    return password;
                }

                @Override
                public @Nullable String chainHash() {
                    return chainHash.isEmpty() ? null : chainHash;
                }

                @Override
                public boolean spares() {
                    return spares;
                }

                @Override
                public void close() {
                    lock.readLock().unlock();
                }
            });
        }
        catch (IOException ex) {
            log.warn("node snapshot copy {} is unreadable; ignoring it", snapshotId, ex);
            return Optional.empty();
        }
        finally {
            if (!handedOut) {
                lock.readLock().unlock();
            }
        }
    }

    /**
     * Moves a ready spare copy of a stored snapshot into place (a rename: no copy), then has the next spare made
     * ({@link SparePool#take}). Call with the entry open.
     *
     * @param snapshotId the snapshot
     * @param pgdata where the tree must be; an empty directory there is replaced
     * @return whether a spare was moved there (else the caller copies the entry's tree)
     */
    boolean takeSpare(String snapshotId, Path pgdata) {
        return this.enabled ? this.spares.take(snapshotId, pgdata) : false;
    }

    /** Makes one spare copy of an entry in the background, unless one is ready or being made. */
    void refillLater(String snapshotId) {
        if (this.enabled) {
            this.spares.refillLater(snapshotId);
        }
    }

    /** Stops making spares (at shutdown); a half-made spare is removed at the next start. */
    void close() {
        this.spares.close();
    }

    /**
     * Adds an entry: copies {@code pgdata} (a stopped cluster whose superuser password is {@code bootPassword})
     * under a temporary name, then renames it into place, then evicts over budget. Failures are logged, not thrown:
     * the cache is an optimisation.
     *
     * @param snapshotId the snapshot
     * @param pgdata the materialised tree
     * @param bootPassword its superuser password
     * @param chainHash the snapshot's chain hash, or null
     */
    void add(String snapshotId, Path pgdata, String bootPassword, @Nullable String chainHash) {
        if (!this.enabled || !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            return;
        }
        stage(pgdata, relative -> true)
            .ifPresent(staged -> publish(staged, snapshotId, bootPassword, chainHash, true));
    }

    /**
     * First half of adding an entry whose id is not known yet (a capture): copies the selected files of a stopped
     * PGDATA under a temporary name (not visible to restores).
     *
     * @param pgdata a stopped cluster's PGDATA
     * @param carried which files (relative, {@code /}-separated paths) to copy; directories are always made
     * @return the staged copy, or empty when the cache is disabled or the copy failed (logged)
     */
    Optional<Staged> stage(Path pgdata, java.util.function.Predicate<String> carried) {
        if (!this.enabled) {
            return Optional.empty();
        }
        Path temp = this.dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            long size = FileTrees.copy(pgdata, temp.resolve("pgdata"), true, carried);
            return Optional.of(new Staged(temp, size));
        }
        catch (IOException | RuntimeException ex) {
            log.warn("cannot stage a copy of {} for the node snapshot store", pgdata, ex);
            FileTrees.deleteQuietly(temp);
            return Optional.empty();
        }
    }

    /**
     * Second half: makes a staged copy the entry of a snapshot (atomic rename; dropped when the entry exists), then
     * evicts over budget and prepares a spare. Failures are logged.
     *
     * @param staged from {@link #stage}
     * @param snapshotId the snapshot
     * @param bootPassword the superuser password of the staged cluster
     * @param chainHash the snapshot's chain hash, or null
     * @param spares whether a spare copy is kept ready (not for a snapshot restored once, e.g. a suspension's)
     */
    void publish(Staged staged, String snapshotId, String bootPassword, @Nullable String chainHash,
            boolean spares) {
        Path temp = staged.dir();
        if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
            FileTrees.deleteQuietly(temp);
            return;
        }
        try {
            Path password = temp.resolve(BOOT_PASSWORD);
            Files.createFile(password, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(password, bootPassword);
            Properties values = new Properties();
            values.setProperty("snapshotId", snapshotId);
            values.setProperty("sizeBytes", Long.toString(staged.size()));
            values.setProperty("chainHash", chainHash != null ? chainHash : "");
            values.setProperty("spares", Boolean.toString(spares));
            try (var out = Files.newBufferedWriter(temp.resolve(ENTRY))) {
                values.store(out, "Taidon node snapshot copy");
            }
            ReentrantReadWriteLock lock = this.entryLocks.computeIfAbsent(snapshotId,
                    id -> new ReentrantReadWriteLock());
            lock.writeLock().lock();
            try {
                Path target = this.dir.resolve(snapshotId);
                if (Files.exists(target)) {
                    FileTrees.deleteQuietly(temp);
                    return;
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            finally {
                lock.writeLock().unlock();
            }
            log.debug("snapshot {} cached locally ({} bytes)", snapshotId, staged.size());
            refillLater(snapshotId);
        }
        catch (IOException | RuntimeException ex) {
            log.warn("cannot cache snapshot {} locally", snapshotId, ex);
            FileTrees.deleteQuietly(temp);
            return;
        }
        evict(snapshotId);
    }

    /**
     * Drops a staged copy that will not be published.
     *
     * @param staged from {@link #stage}
     */
    void discard(Staged staged) {
        FileTrees.deleteQuietly(staged.dir());
    }

    /**
     * A copy being added.
     *
     * @param dir its temporary directory
     * @param size bytes of its files
     */
    record Staged(Path dir, long size) {
    }

    /** @return bytes of all entries */
    long totalBytes() {
        return entries().stream().mapToLong(Entry::size).sum();
    }

    /** @return ids of cached snapshots */
    List<String> cached() {
        return entries().stream().map(Entry::snapshotId).toList();
    }

    private void evict(String keep) {
        List<Entry> entries = new ArrayList<>(entries());
        long total = entries.stream().mapToLong(Entry::size).sum();
        entries.sort(Comparator.comparing(Entry::lastUsed));
        for (Entry entry : entries) {
            if (total <= this.maxBytes) {
                return;
            }
            if (entry.snapshotId().equals(keep)) {
                continue;
            }
            ReentrantReadWriteLock lock = this.entryLocks.computeIfAbsent(entry.snapshotId(),
                    id -> new ReentrantReadWriteLock());
            boolean locked;
            try {
                // a spare copy being made holds the entry for a moment: wait for it rather than evict a more
                // recently used entry; an entry a restore holds open is skipped
                locked = lock.writeLock().tryLock(this.evictionWait.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!locked) {
                continue;
            }
            try {
                Path trash = this.dir.resolve(".trash-" + UUID.randomUUID());
                Files.move(this.dir.resolve(entry.snapshotId()), trash, StandardCopyOption.ATOMIC_MOVE);
                FileTrees.deleteQuietly(trash);
                total -= entry.size();
                log.debug("snapshot {} evicted from the node snapshot store", entry.snapshotId());
            }
            catch (IOException ex) {
                log.warn("cannot evict snapshot {} from the node snapshot store", entry.snapshotId(), ex);
            }
            finally {
                lock.writeLock().unlock();
            }
        }
    }

    private List<Entry> entries() {
        if (!this.enabled) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(this.dir)) {
            for (Path child : children.toList()) {
                Path properties = child.resolve(ENTRY);
                String name = child.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(properties)) {
                    continue;
                }
                try {
                    entries.add(new Entry(name, 2 * Long.parseLong(load(properties).getProperty("sizeBytes", "0")),
                            Files.getLastModifiedTime(properties).toInstant()));
                }
                catch (IOException | NumberFormatException ex) {
                    log.debug("skipping cache entry {}", name, ex);
                }
            }
        }
        catch (IOException ex) {
            log.warn("cannot list the node snapshot store {}", this.dir, ex);
        }
        return entries;
    }

    private static Properties load(Path file) throws IOException {
        Properties values = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            values.load(in);
        }
        return values;
    }

    private record Entry(String snapshotId, long size, Instant lastUsed) {
    }
}
