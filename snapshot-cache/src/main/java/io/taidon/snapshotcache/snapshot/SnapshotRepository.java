package io.taidon.snapshotcache.snapshot;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SnapshotRepository extends JpaRepository<SnapshotEntity, String> {

    Optional<SnapshotEntity> findByIdAndOwner(String id, String owner);

    List<SnapshotEntity> findByOwnerAndKindInOrderByCreatedAtDesc(String owner, Collection<String> kinds);

    List<SnapshotEntity> findByOwner(String owner);

    List<SnapshotEntity> findByKindAndChainHashIn(String kind, Collection<String> chainHashes);

    Optional<SnapshotEntity> findByKindAndChainHash(String kind, String chainHash);

    List<SnapshotEntity> findByKindOrderByLastUsedAtAsc(String kind);

    List<SnapshotEntity> findByOwnerAndKindOrderByCreatedAtDesc(String owner, String kind);

    long countByOwnerAndKind(String owner, String kind);

    boolean existsByParentId(String parentId);

    List<SnapshotEntity> findByParentIdAndOwnerOrderByCreatedAt(String parentId, String owner);

    @Query("select coalesce(sum(s.storedSize), 0) from SnapshotEntity s where s.kind = :kind")
    long sumStoredSizeByKind(String kind);

    @Query("select coalesce(sum(s.storedSize), 0) from SnapshotEntity s where s.owner = :owner and s.kind <> 'chain'")
    long sumStoredSizeOfOwner(String owner);

    @Query("select coalesce(sum(s.logicalSize), 0) from SnapshotEntity s")
    long sumLogicalSize();

    @Query("select distinct s.owner from SnapshotEntity s where s.kind = :kind")
    List<String> findOwnersWithKind(String kind);
}
