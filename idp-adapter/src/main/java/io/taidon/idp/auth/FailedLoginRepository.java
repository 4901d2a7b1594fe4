package io.taidon.idp.auth;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface FailedLoginRepository extends JpaRepository<FailedLogin, Long> {

    List<FailedLogin> findByThrottleKeyAndFailedAtAfterOrderByFailedAtAsc(String throttleKey, Instant after);

    @Modifying
    @Query("delete from FailedLogin f where f.throttleKey = :throttleKey")
    int deleteByKey(String throttleKey);

    @Modifying
    @Query("delete from FailedLogin f where f.failedAt < :before")
    int deleteOlderThan(Instant before);
}
