package io.taidon.envmanager.runtime;

import org.jspecify.annotations.Nullable;

/**
 * What to create.
 *
 * @param sandboxId the sandbox's id ({@code sb_…}), used to label the instance
 * @param userId the owner, used to label the instance
 * @param superuserPassword its password (SCRAM), never shown outside env-manager
 * @param resources the owner's per-sandbox quotas (user-profile's {@code sandboxCpus} and
 *        {@code sandboxMemoryBytes}), applied by runtimes that limit resources ({@code docker},
 *        {@code kubernetes}); null applies the runtime's configured defaults (runtime tests, benchmarks)
 */
public record SandboxSpec(String sandboxId, String userId, String superuserPassword, @Nullable Resources resources) {

    /**
     * A spec without the owner's quotas: the runtime's defaults apply.
     *
     * @param sandboxId the sandbox's id
     * @param userId the owner
     * @param superuserPassword the superuser's password
     */
    public SandboxSpec(String sandboxId, String userId, String superuserPassword) {
        this(sandboxId, userId, superuserPassword, null);
    }

    @Override
    public String toString() {
        return "SandboxSpec[sandboxId=" + this.sandboxId + ", userId=" + this.userId + ", resources="
                + this.resources + "]";
    }

    /**
     * Resources one sandbox may use, from its owner's quotas.
     *
     * @param cpus CPUs (fractions allowed, e.g. {@code 0.5}), more than 0
     * @param memoryBytes memory in bytes, swap included, more than 0
     */
    public record Resources(double cpus, long memoryBytes) {

        /**
         * @throws IllegalArgumentException when a value is not positive
         */
        public Resources {
            if (!(cpus > 0) || memoryBytes <= 0) {
                throw new IllegalArgumentException("cpus and memoryBytes must be positive: " + cpus + ", " + memoryBytes);
            }
        }
    }
}
