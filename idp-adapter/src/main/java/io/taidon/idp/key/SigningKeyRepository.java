package io.taidon.idp.key;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

    List<SigningKey> findByRetiredAtIsNullOrderByCreatedAtDesc();

    List<SigningKey> findByRetiredAtIsNullOrRetiredAtAfterOrderByCreatedAtDesc(Instant retiredAfter);

    @Modifying
    @Query("delete from SigningKey k where k.retiredAt < :before")
    int deleteRetiredBefore(Instant before);
}
