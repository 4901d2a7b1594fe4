package io.taidon.snapshotcache.client.profile;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.QuotaExceededException;

/**
 * Asks user-profile whether a user may store more ({@code POST /internal/users/{userId}/quota-checks}).
 * Fails closed: when user-profile cannot answer, nothing is stored (503) rather than a quota being skipped.
 */
@Component
public class UserProfileClient {

    /** Quota resource: number of named snapshots. */
    public static final String NAMED_SNAPSHOTS = "named-snapshots";

    /** Quota resource: compressed bytes of the user's own snapshots. */
    public static final String SNAPSHOT_STORAGE_BYTES = "snapshot-storage-bytes";

    private final RestClient userProfile;

    /**
     * @param clients REST clients with this service's token
     */
    public UserProfileClient(ServiceRestClients clients) {
        this.userProfile = clients.forService("user-profile");
    }

    /**
     * @param userId the user
     * @param resource {@link #NAMED_SNAPSHOTS} or {@link #SNAPSHOT_STORAGE_BYTES}
     * @param current what the user holds now (count or bytes)
     * @param amount what the new snapshot adds
     * @throws QuotaExceededException (403) when the quota does not allow it
     * @throws DownstreamUnavailableException (503) when user-profile does not answer
     */
    public void requireRoom(String userId, String resource, long current, long amount) {
        QuotaCheckResponse answer;
        try {
            answer = this.userProfile.post()
                .uri("/internal/users/{userId}/quota-checks", userId)
                .body(new QuotaCheckRequest(resource, current, amount))
                .retrieve()
                .body(QuotaCheckResponse.class);
        }
        catch (RestClientException ex) {
            throw new DownstreamUnavailableException("user-profile", ex);
        }
        if (answer == null) {
            throw new DownstreamUnavailableException("user-profile", new IllegalStateException("empty answer"));
        }
        if (!answer.allowed()) {
            throw new QuotaExceededException(resource.replace('-', ' '), answer.limit() == null ? 0 : answer.limit());
        }
    }

    record QuotaCheckRequest(String resource, long current, long amount) {
    }

    record QuotaCheckResponse(boolean allowed, @Nullable Long limit) {
    }
}
