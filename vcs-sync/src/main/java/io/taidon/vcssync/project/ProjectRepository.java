package io.taidon.vcssync.project;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Projects, always looked up with their owner so another user's project is never found. */
interface ProjectRepository extends JpaRepository<ProjectEntity, String> {

    Optional<ProjectEntity> findByIdAndUserId(String id, String userId);

    List<ProjectEntity> findByUserIdOrderByCreatedAtAsc(String userId);

    long countByUserId(String userId);

    long deleteByUserId(String userId);
}
