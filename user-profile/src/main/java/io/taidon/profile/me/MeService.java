package io.taidon.profile.me;

import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Service;

import io.taidon.profile.account.ProfileService;
import io.taidon.profile.account.UserProfile;
import io.taidon.profile.client.SandboxUsage;
import io.taidon.profile.client.SnapshotUsage;
import io.taidon.profile.client.UsageClient;
import io.taidon.profile.erasure.ErasureService;
import io.taidon.profile.quota.QuotaService;

/** The caller's own account: profile, quotas and usage together; erasure. */
@Service
public class MeService {

    private final ProfileService profiles;

    private final QuotaService quotas;

    private final UsageClient usage;

    private final ErasureService erasure;

    MeService(ProfileService profiles, QuotaService quotas, UsageClient usage, ErasureService erasure) {
        this.profiles = profiles;
        this.quotas = quotas;
        this.usage = usage;
        this.erasure = erasure;
    }

    /**
     * @param userId the caller
     * @return its profile, quotas and usage (usage fields null when a service did not answer)
     * @throws io.taidon.platform.problem.NotFoundException (404) when the caller has no profile (erased)
     */
    public MeResponse me(String userId) {
        UserProfile profile = this.profiles.get(userId);
        CompletableFuture<SandboxUsage> sandboxes = this.usage.sandboxes(userId)
            .exceptionally(ex -> SandboxUsage.UNKNOWN);
        CompletableFuture<SnapshotUsage> snapshots = this.usage.snapshots(userId)
            .exceptionally(ex -> SnapshotUsage.UNKNOWN);
        SandboxUsage sandboxUsage = sandboxes.join();
        SnapshotUsage snapshotUsage = snapshots.join();
        return new MeResponse(profile.userId(), profile.kind().value(), profile.email(), profile.createdAt(),
                this.quotas.effective(userId), new UsageResponse(sandboxUsage.sandboxes(),
                        snapshotUsage.namedSnapshots(), snapshotUsage.storedBytes()));
    }

    /**
     * @param userId the caller
     * @throws io.taidon.platform.problem.DownstreamUnavailableException (503) when a service could not erase
     */
    public void erase(String userId) {
        this.erasure.erase(userId);
    }
}
