package io.taidon.vcssync.credential;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Credentials, always looked up with their owner. */
interface CredentialRepository extends JpaRepository<CredentialEntity, String> {

    Optional<CredentialEntity> findByIdAndUserId(String id, String userId);

    List<CredentialEntity> findByUserIdOrderByCreatedAtAsc(String userId);

    long deleteByUserId(String userId);
}
