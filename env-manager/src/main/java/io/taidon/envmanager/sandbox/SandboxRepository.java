package io.taidon.envmanager.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface SandboxRepository extends JpaRepository<SandboxEntity, String> {

    List<SandboxEntity> findByUserIdOrderByCreatedAt(String userId);

    Optional<SandboxEntity> findByIdAndUserId(String id, String userId);

    Optional<SandboxEntity> findByUserIdAndDefaultSandboxTrue(String userId);

    long countByUserId(String userId);

    long countByStatus(SandboxStatus status);

    List<SandboxEntity> findByStatusInAndLastUsedAtBefore(java.util.Collection<SandboxStatus> statuses,
            Instant cutoff);

    List<SandboxEntity> findByUserIdStartingWithAndLastUsedAtBefore(String userIdPrefix, Instant cutoff);

    @Transactional
    @Modifying
    @Query("update SandboxEntity s set s.lastUsedAt = :now where s.id = :id")
    int touch(String id, Instant now);
}
