package io.taidon.snapshotcache.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.web.RequestIds;
import io.taidon.snapshotcache.manifest.Manifest;
import io.taidon.snapshotcache.manifest.ManifestStore;
import io.taidon.snapshotcache.storage.BlobStore;
import io.taidon.snapshotcache.storage.ObjectMissingException;
import io.taidon.snapshotcache.storage.SnapshotCorruptException;

/**
 * Visible snapshots: registering a committed one, verified reads of manifests and blobs (every refusal audited),
 * the owner's view of named snapshots, usage, and deletion. A snapshot is visible exactly while its metadata row
 * exists; the row is written only after its manifest and every blob are durable.
 */
@Service
public class SnapshotService {

    /** Most nodes a lineage tree holds. */
    static final int LINEAGE_NODES = 1_000;

    private static final List<String> USER_KINDS = List.of(SnapshotRecord.NAMED, SnapshotRecord.AUTO,
            SnapshotRecord.ARCHIVE);

    private final SnapshotRepository snapshots;

    private final ManifestStore manifests;

    private final BlobStore blobs;

    private final JdbcClient jdbc;

    private final AuditRecorder audit;

    private final Counter downloadBytes;

    SnapshotService(SnapshotRepository snapshots, ManifestStore manifests, BlobStore blobs, JdbcClient jdbc,
            AuditRecorder audit, MeterRegistry meters) {
        this.snapshots = snapshots;
        this.manifests = manifests;
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.audit = audit;
        this.downloadBytes = Counter.builder("taidon.snapshot.download.bytes")
            .description("Uncompressed blob bytes served to restores")
            .baseUnit("bytes")
            .register(meters);
    }

    /**
     * Makes a committed snapshot visible: its row and the list of its blobs, in the caller's transaction.
     *
     * @param snapshot the metadata (mirrors the stored manifest)
     * @param blobSha256s the distinct blobs its manifest lists
     * @param storedSizes compressed size of each blob, for the stored-bytes accounting
     */
    @Transactional
    public void register(SnapshotRecord snapshot, Set<String> blobSha256s, java.util.Map<String, Long> storedSizes) {
        this.snapshots.saveAndFlush(new SnapshotEntity(snapshot));
        Instant now = Instant.now();
        for (String sha256 : blobSha256s) {
            this.jdbc.sql("insert into snapshot_blob (snapshot_id, sha256) values (?, ?)")
                .params(snapshot.id(), sha256)
                .update();
            this.jdbc.sql("insert into blob (sha256, size, stored_size, created_at) values (?, 0, ?, ?) "
                    + "on conflict (sha256) do update set stored_size = excluded.stored_size")
                .params(sha256, storedSizes.getOrDefault(sha256, 0L), java.sql.Timestamp.from(now))
                .update();
        }
        recordFor(snapshot.owner(), "snapshot.create", snapshot.id(), AuditEvent.SUCCESS);
    }

    /**
     * @param id a snapshot id
     * @return its metadata, if visible
     */
    @Transactional(readOnly = true)
    public Optional<SnapshotRecord> find(String id) {
        return this.snapshots.findById(id).map(SnapshotEntity::toRecord);
    }

    /**
     * @param chainHash a chain hash
     * @return the chain snapshot for it, if any
     */
    @Transactional(readOnly = true)
    public Optional<SnapshotRecord> findChainSnapshot(String chainHash) {
        return this.snapshots.findByKindAndChainHash(SnapshotRecord.CHAIN, chainHash).map(SnapshotEntity::toRecord);
    }

    /**
     * @param chainHashes chain hashes in any order
     * @return the chain snapshots among them
     */
    @Transactional(readOnly = true)
    public List<SnapshotRecord> findChainSnapshots(Collection<String> chainHashes) {
        return this.snapshots.findByKindAndChainHashIn(SnapshotRecord.CHAIN, chainHashes)
            .stream()
            .map(SnapshotEntity::toRecord)
            .toList();
    }

    /**
     * Reads and verifies a snapshot's manifest for a restore; records the access (or the refusal) in the audit
     * log and marks the snapshot used.
     *
     * @param id snapshot id
     * @return the verified manifest
     * @throws NotFoundException when no such snapshot is visible
     * @throws SnapshotCorruptException when the manifest fails verification
     */
    public Manifest readManifest(String id) {
        SnapshotRecord snapshot = find(id).orElseThrow(() -> NotFoundException.forId("snapshot", id));
        Manifest manifest = verifiedManifest(snapshot);
        touch(id);
        recordFor(snapshot.owner(), "snapshot.access", id, AuditEvent.SUCCESS);
        return manifest;
    }

    /**
     * Verifies a manifest against its signature and its metadata row, auditing a refusal.
     *
     * @param snapshot the snapshot
     * @return the verified manifest
     * @throws SnapshotCorruptException when verification fails
     */
    public Manifest verifiedManifest(SnapshotRecord snapshot) {
        try {
            Manifest manifest = this.manifests.read(snapshot.id());
            if (!manifest.owner().equals(snapshot.owner()) || !manifest.kind().equals(snapshot.kind())
                    || !java.util.Objects.equals(manifest.chainHash(), snapshot.chainHash())) {
                throw new SnapshotCorruptException(
                        "The manifest of snapshot " + snapshot.id() + " does not match its metadata.");
            }
            return manifest;
        }
        catch (SnapshotCorruptException ex) {
            recordFor(snapshot.owner(), "snapshot.verify", snapshot.id(), AuditEvent.FAILURE);
            throw ex;
        }
    }

    /**
     * Decompresses and verifies one blob of a snapshot into a private temporary file (the caller deletes it).
     *
     * @param id snapshot id
     * @param sha256 a blob its manifest lists
     * @return the verified raw content
     * @throws NotFoundException when the snapshot is not visible or does not list the blob
     * @throws SnapshotCorruptException when the stored blob fails verification
     */
    public Path readBlob(String id, String sha256) {
        BlobStore.requireSha256(sha256);
        SnapshotRecord snapshot = find(id).orElseThrow(() -> NotFoundException.forId("snapshot", id));
        boolean listed = this.jdbc.sql("select count(*) from snapshot_blob where snapshot_id = ? and sha256 = ?")
            .params(id, sha256)
            .query(Long.class)
            .single() > 0;
        if (!listed) {
            throw NotFoundException.forId("blob", sha256);
        }
        try {
            Path file = this.blobs.readVerified(sha256);
            this.downloadBytes.increment(file.toFile().length());
            return file;
        }
        catch (ObjectMissingException ex) {
            recordFor(snapshot.owner(), "snapshot.verify", id, AuditEvent.FAILURE);
            throw new SnapshotCorruptException("Blob " + sha256 + " of snapshot " + id + " is missing.");
        }
        catch (SnapshotCorruptException ex) {
            recordFor(snapshot.owner(), "snapshot.verify", id, AuditEvent.FAILURE);
            throw ex;
        }
    }

    /**
     * Marks a snapshot used now (restores, chain-cache hits, a live sandbox running from it): eviction is
     * least-recently-used first.
     *
     * @param id snapshot id
     * @throws NotFoundException when no such snapshot is visible
     */
    @Transactional
    public void touch(String id) {
        this.snapshots.findById(id).orElseThrow(() -> NotFoundException.forId("snapshot", id)).touch(Instant.now());
    }

    /**
     * @param id snapshot id
     * @param pinned whether retention and eviction must keep it
     * @throws NotFoundException when no such snapshot is visible
     */
    @Transactional
    public void pin(String id, boolean pinned) {
        this.snapshots.findById(id).orElseThrow(() -> NotFoundException.forId("snapshot", id)).pin(pinned);
    }

    /**
     * @param owner the caller's userId
     * @return the caller's own snapshots (named, auto, archive), newest first
     */
    @Transactional(readOnly = true)
    public List<SnapshotRecord> listOwn(String owner) {
        return this.snapshots.findByOwnerAndKindInOrderByCreatedAtDesc(owner, USER_KINDS)
            .stream()
            .map(SnapshotEntity::toRecord)
            .toList();
    }

    /**
     * @param owner the caller's userId
     * @param id snapshot id
     * @return the snapshot and its lineage (parent first, then the parent's parent, …, as far as visible)
     * @throws NotFoundException when it does not exist or belongs to someone else
     */
    @Transactional(readOnly = true)
    public OwnSnapshot getOwn(String owner, String id) {
        SnapshotEntity entity = this.snapshots.findByIdAndOwner(id, owner)
            .filter(s -> USER_KINDS.contains(s.toRecord().kind()))
            .orElseThrow(() -> NotFoundException.forId("snapshot", id));
        List<String> lineage = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String parent = entity.parentId();
        while (parent != null && seen.add(parent)) {
            lineage.add(parent);
            parent = this.snapshots.findById(parent).map(SnapshotEntity::parentId).orElse(null);
        }
        return new OwnSnapshot(entity.toRecord(), lineage);
    }

    /**
     * The lineage tree around one of the caller's snapshots: from its oldest visible ancestor down to every
     * descendant, all of them the caller's own (a save records its base as {@code parentId}; a branch's saves
     * descend from the branch point). At most {@value #LINEAGE_NODES} nodes; {@link Lineage#truncated()} says when
     * more were left out.
     *
     * @param owner the caller's userId
     * @param id snapshot id
     * @return the tree and the snapshot it was asked for
     * @throws NotFoundException when it does not exist or belongs to someone else
     */
    @Transactional(readOnly = true)
    public Lineage lineage(String owner, String id) {
        OwnSnapshot own = getOwn(owner, id);
        String rootId = id;
        for (String ancestor : own.lineage()) {
            if (this.snapshots.findByIdAndOwner(ancestor, owner).isEmpty()) {
                break;
            }
            rootId = ancestor;
        }
        SnapshotRecord root = this.snapshots.findByIdAndOwner(rootId, owner).orElseThrow().toRecord();
        int[] budget = { LINEAGE_NODES };
        LineageNode tree = descend(root, owner, budget, new HashSet<>());
        return new Lineage(id, tree, budget[0] < 0);
    }

    private LineageNode descend(SnapshotRecord snapshot, String owner, int[] budget, Set<String> seen) {
        budget[0]--;
        List<LineageNode> children = new ArrayList<>();
        if (seen.add(snapshot.id())) {
            for (SnapshotEntity child : this.snapshots.findByParentIdAndOwnerOrderByCreatedAt(snapshot.id(), owner)) {
                if (budget[0] <= 0) {
                    budget[0] = -1;
                    break;
                }
                children.add(descend(child.toRecord(), owner, budget, seen));
            }
        }
        return new LineageNode(snapshot.id(), snapshot.name(), snapshot.kind(), snapshot.createdAt(), children);
    }

    /**
     * @param snapshotId the snapshot the tree was asked for
     * @param root the oldest visible ancestor, with every descendant
     * @param truncated whether nodes were left out ({@value #LINEAGE_NODES} at most)
     */
    public record Lineage(String snapshotId, LineageNode root, boolean truncated) {
    }

    /**
     * @param id snapshot id
     * @param name its name, or null
     * @param kind {@code named}, {@code auto} or {@code archive}
     * @param createdAt when it was taken
     * @param children snapshots saved on it as their base, oldest first
     */
    public record LineageNode(String id, @Nullable String name, String kind, Instant createdAt,
            List<LineageNode> children) {
    }

    /**
     * Deletes one of the caller's snapshots.
     *
     * @param owner the caller's userId
     * @param id snapshot id
     * @throws NotFoundException when it does not exist or belongs to someone else
     */
    public void deleteOwn(String owner, String id) {
        SnapshotRecord snapshot = getOwn(owner, id).snapshot();
        delete(snapshot, owner);
    }

    /**
     * Removes a snapshot: its row first (it stops being visible), then its manifest; its blobs are left to garbage
     * collection.
     *
     * @param snapshot the snapshot
     * @param actorIfAnonymous who deletes it when there is no authenticated caller (e.g. retention)
     */
    public void delete(SnapshotRecord snapshot, String actorIfAnonymous) {
        this.snapshots.deleteById(snapshot.id());
        this.manifests.delete(snapshot.id());
        this.audit.record(actorIfAnonymous, "snapshot.delete", "snapshot", snapshot.id(), AuditEvent.SUCCESS);
    }

    /** Events about a snapshot are the owner's: they show in the owner's own audit trail. */
    private void recordFor(String owner, String action, String snapshotId, String outcome) {
        this.audit.record(new AuditEvent(owner, action, "snapshot", snapshotId, outcome, Instant.now(),
                RequestIds.current()));
    }

    /**
     * @param owner a userId
     * @return every snapshot the user owns, chain snapshots included
     */
    @Transactional(readOnly = true)
    public List<SnapshotRecord> allOf(String owner) {
        return this.snapshots.findByOwner(owner).stream().map(SnapshotEntity::toRecord).toList();
    }

    /**
     * @param owner a userId
     * @return the user's named-snapshot count and stored bytes (chain snapshots are shared and not counted)
     */
    @Transactional(readOnly = true)
    public Usage usage(String owner) {
        return new Usage(this.snapshots.countByOwnerAndKind(owner, SnapshotRecord.NAMED),
                this.snapshots.sumStoredSizeOfOwner(owner));
    }

    /** @return chain snapshots, least recently used first */
    @Transactional(readOnly = true)
    public List<SnapshotRecord> chainSnapshotsLeastRecentlyUsedFirst() {
        return this.snapshots.findByKindOrderByLastUsedAtAsc(SnapshotRecord.CHAIN)
            .stream()
            .map(SnapshotEntity::toRecord)
            .toList();
    }

    /** @return stored bytes of all chain snapshots (the eviction budget's measure) */
    @Transactional(readOnly = true)
    public long chainStoredBytes() {
        return this.snapshots.sumStoredSizeByKind(SnapshotRecord.CHAIN);
    }

    /** @return logical bytes of all visible snapshots */
    @Transactional(readOnly = true)
    public long logicalBytes() {
        return this.snapshots.sumLogicalSize();
    }

    /**
     * @param id a snapshot id
     * @return whether another visible snapshot names it as parent
     */
    @Transactional(readOnly = true)
    public boolean hasDependents(String id) {
        return this.snapshots.existsByParentId(id);
    }

    /** @return owners with at least one automatic snapshot */
    @Transactional(readOnly = true)
    public List<String> ownersWithAutoSnapshots() {
        return this.snapshots.findOwnersWithKind(SnapshotRecord.AUTO);
    }

    /**
     * @param owner a userId
     * @return the user's automatic snapshots, newest first
     */
    @Transactional(readOnly = true)
    public List<SnapshotRecord> autoSnapshotsNewestFirst(String owner) {
        return this.snapshots.findByOwnerAndKindOrderByCreatedAtDesc(owner, SnapshotRecord.AUTO)
            .stream()
            .map(SnapshotEntity::toRecord)
            .toList();
    }

    /**
     * @param snapshot a snapshot of the caller
     * @param lineage its ancestors, parent first
     */
    public record OwnSnapshot(SnapshotRecord snapshot, List<String> lineage) {
    }

    /**
     * @param namedSnapshots how many named snapshots the user has
     * @param storedBytes compressed bytes of the user's own snapshots
     */
    public record Usage(long namedSnapshots, long storedBytes) {
    }
}
