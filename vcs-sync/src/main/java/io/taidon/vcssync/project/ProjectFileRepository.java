package io.taidon.vcssync.project;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Files of projects; callers have checked the project's owner first. */
interface ProjectFileRepository extends JpaRepository<ProjectFileEntity, ProjectFileEntity.Key> {

    List<ProjectFileEntity> findByKeyProjectIdOrderByKeyPathAsc(String projectId);

    Optional<ProjectFileEntity> findByKeyProjectIdAndKeyPath(String projectId, String path);

    @Modifying
    @Query("delete from ProjectFileEntity f where f.key.projectId = ?1")
    int deleteByProjectId(String projectId);
}
