package io.taidon.snapshotcache.manifest;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface SigningKeyRepository extends JpaRepository<SigningKeyEntity, String> {

    Optional<SigningKeyEntity> findFirstByRetiredAtIsNull();

    List<SigningKeyEntity> findAllByOrderByCreatedAtAsc();
}
