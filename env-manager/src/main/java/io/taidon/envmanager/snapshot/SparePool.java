package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.envmanager.files.FileTrees;

/**
 * One writable spare copy per stored snapshot, made ahead of time so that the next restore of that snapshot is a
 * rename instead of a copy ({@code <dir>/<snapshotId>/spares/<uuid>/}, written as {@code .tmp-<uuid>} and renamed
 * into place). After a spare is taken the next one is made {@code refillDelay} later, on a scheduler, so that the
 * copy does not compete with the start of the sandbox that just took it (disk and CPU are shared); the copies run
 * on virtual threads, at most one per snapshot at a time. Entries whose {@link NodeSnapshotStore.Lease#spares()} is
 * false (a snapshot restored once, e.g. a suspension's) get none.
 */
final class SparePool {

    private static final Logger log = LoggerFactory.getLogger(SparePool.class);

    private static final String SPARES = "spares";

    private final Path dir;

    private final Duration refillDelay;

    private final Function<String, Optional<NodeSnapshotStore.Lease>> open;

    private final Set<String> refilling = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("spare-pool-scheduler").factory());

    private final ExecutorService copies = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param dir the store's directory
     * @param refillDelay how long after a spare was taken the next one is made
     * @param open opens a stored entry without counting it as a use (empty when it is not stored)
     */
    SparePool(Path dir, Duration refillDelay, Function<String, Optional<NodeSnapshotStore.Lease>> open) {
        this.dir = dir;
        this.refillDelay = refillDelay;
        this.open = open;
    }

    /**
     * Moves a ready spare into place (a rename), then has the next one made after the refill delay (at once when
     * none was ready). Call with the entry open.
     *
     * @param snapshotId the snapshot
     * @param pgdata where the tree must be; an empty directory there is replaced
     * @return whether a spare was moved there
     */
    boolean take(String snapshotId, Path pgdata) {
        Path spares = this.dir.resolve(snapshotId).resolve(SPARES);
        boolean taken = false;
        try (Stream<Path> ready = Files.isDirectory(spares) ? Files.list(spares) : Stream.empty()) {
            for (Path spare : ready.filter(path -> !path.getFileName().toString().startsWith(".")).toList()) {
                try {
                    Files.deleteIfExists(pgdata);
                    Files.move(spare, pgdata, StandardCopyOption.ATOMIC_MOVE);
                    taken = true;
                    break;
                }
                catch (NoSuchFileException ex) {
                    // taken by a concurrent restore
                }
            }
        }
        catch (IOException ex) {
            log.debug("no spare of snapshot {} taken", snapshotId, ex);
        }
        refill(snapshotId, taken ? this.refillDelay : Duration.ZERO);
        return taken;
    }

    /**
     * Makes one spare copy in the background now, unless one is ready or being made.
     *
     * @param snapshotId the snapshot
     */
    void refillLater(String snapshotId) {
        refill(snapshotId, Duration.ZERO);
    }

    private void refill(String snapshotId, Duration delay) {
        if (!this.refilling.add(snapshotId)) {
            return;
        }
        try {
            if (delay.isZero()) {
                this.copies.execute(() -> makeSpare(snapshotId));
            }
            else {
                this.scheduler.schedule(() -> {
                    try {
                        this.copies.execute(() -> makeSpare(snapshotId));
                    }
                    catch (RejectedExecutionException ex) {
                        this.refilling.remove(snapshotId); // shutting down
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        catch (RejectedExecutionException ex) {
            this.refilling.remove(snapshotId); // shutting down
        }
    }

    private void makeSpare(String snapshotId) {
        try {
            Optional<NodeSnapshotStore.Lease> lease = this.open.apply(snapshotId);
            if (lease.isEmpty()) {
                return;
            }
            try (NodeSnapshotStore.Lease open = lease.get()) {
                if (!open.spares()) {
                    return;
                }
                Path spares = this.dir.resolve(snapshotId).resolve(SPARES);
                Files.createDirectories(spares);
                try (Stream<Path> ready = Files.list(spares)) {
                    if (ready.anyMatch(path -> !path.getFileName().toString().startsWith("."))) {
                        return;
                    }
                }
                Path temp = spares.resolve(".tmp-" + UUID.randomUUID());
                try {
                    FileTrees.copy(open.pgdata(), temp, false);
                    Files.move(temp, spares.resolve(UUID.randomUUID().toString()), StandardCopyOption.ATOMIC_MOVE);
                }
                catch (IOException | RuntimeException ex) {
                    FileTrees.deleteQuietly(temp);
                    throw ex;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            log.warn("cannot prepare a spare copy of snapshot {}", snapshotId, ex);
        }
        finally {
            this.refilling.remove(snapshotId);
        }
    }

    /** Stops making spares (at shutdown): scheduled ones are dropped, running copies interrupted. */
    void close() {
        this.scheduler.shutdownNow();
        this.copies.shutdownNow();
    }
}
