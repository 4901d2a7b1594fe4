package io.taidon.profile.account;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** {@code user_profile} and {@code erased_user}. */
interface UserProfileRepository extends Repository<UserProfileEntity, String> {

    Optional<UserProfileEntity> findById(String userId);

    boolean existsById(String userId);

    /** Creates the profile or brings kind and email up to date; safe under concurrent first calls. */
    @Modifying
    @Query(nativeQuery = true, value = """
            insert into user_profile (user_id, kind, email, created_at, updated_at)
            values (:userId, :kind, :email, now(), now())
            on conflict (user_id) do update
                set kind = excluded.kind, email = coalesce(excluded.email, user_profile.email), updated_at = now()
                where user_profile.kind <> excluded.kind
                    or (excluded.email is not null and excluded.email is distinct from user_profile.email)""")
    int upsert(@Param("userId") String userId, @Param("kind") String kind, @Param("email") @Nullable String email);

    @Modifying
    @Query(nativeQuery = true, value = "delete from user_profile where user_id = :userId")
    int deleteProfile(@Param("userId") String userId);

    @Modifying
    @Query(nativeQuery = true, value = """
            insert into erased_user (user_id, erased_at) values (:userId, now()) on conflict (user_id) do nothing""")
    int markErased(@Param("userId") String userId);

    @Query(nativeQuery = true, value = "select exists (select 1 from erased_user where user_id = :userId)")
    boolean isErased(@Param("userId") String userId);
}
