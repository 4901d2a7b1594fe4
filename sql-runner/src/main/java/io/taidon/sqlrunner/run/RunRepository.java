package io.taidon.sqlrunner.run;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.transaction.annotation.Transactional;

interface RunRepository extends JpaRepository<RunEntity, UUID> {

    List<RunEntity> findByUserId(String userId);

    /** @return a page of the user's runs in one sandbox, newest first */
    List<RunEntity> findByUserIdAndSandboxIdOrderByCreatedAtDesc(String userId, String sandboxId,
            org.springframework.data.domain.Pageable page);

    /** @return the sandbox's latest run, if any */
    java.util.Optional<RunEntity> findFirstBySandboxIdOrderByCreatedAtDesc(String sandboxId);

    @Transactional
    long deleteByUserId(String userId);
}
