package io.taidon.sqlrunner.run;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.transaction.annotation.Transactional;

interface CachePointRepository extends JpaRepository<CachePointEntity, Long> {

    List<CachePointEntity> findBySandboxIdAndChainHashIn(String sandboxId, Collection<String> chainHashes);

    boolean existsBySandboxIdAndChainHash(String sandboxId, String chainHash);

    long countByUserId(String userId);

    @Transactional
    long deleteByUserId(String userId);

    @Transactional
    long deleteBySandboxIdAndChainHash(String sandboxId, String chainHash);
}
