package io.taidon.profile.quota;

import java.util.Optional;

import org.springframework.data.repository.Repository;

/** {@code quota_override}. */
interface QuotaOverrideRepository extends Repository<QuotaOverrideEntity, String> {

    Optional<QuotaOverrideEntity> findById(String userId);

    QuotaOverrideEntity save(QuotaOverrideEntity entity);
}
