package io.taidon.idp.user;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface FederatedIdentityRepository extends JpaRepository<FederatedIdentity, FederatedIdentity.Key> {

    @Modifying
    @Query("delete from FederatedIdentity f where f.userId = :userId")
    int deleteByUserId(String userId);
}
