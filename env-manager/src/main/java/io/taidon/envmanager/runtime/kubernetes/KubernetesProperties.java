package io.taidon.envmanager.runtime.kubernetes;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code kubernetes} runtime ({@code taidon.env-manager.kubernetes.*}). The cluster is reached with
 * fabric8's default configuration: the in-cluster service account when env-manager runs in a pod, else
 * {@code ~/.kube/config} ({@code KUBECONFIG}).
 *
 * @param namespace the one namespace every sandbox's objects live in (the Helm chart's {@code sandboxes.namespace});
 *        env-manager needs a Role there, nothing cluster-wide
 * @param image the sandbox image (contract in {@code deploy/images/sandbox/README.md}), e.g.
 *        {@code registry.example/taidon/sandbox:18}
 * @param imagePullPolicy the pods' {@code imagePullPolicy}: {@code IfNotPresent}, {@code Always} or {@code Never}
 * @param engineVersion the PostgreSQL version the image runs, e.g. {@code 18} or {@code 18.6}; stored in sandbox
 *        and snapshot records (restores refuse another major version). Configured, not probed: probing would need a
 *        pod before the first sandbox
 * @param storageClass StorageClass of each sandbox's PGDATA claim; blank (the default) uses the cluster's default
 *        class
 * @param storageSize size each PGDATA claim requests
 * @param cpus CPU limit of a sandbox whose spec carries no quota (sandboxes env-manager creates always carry the
 *        user's {@code sandboxCpus})
 * @param memory memory limit (and request) of a sandbox whose spec carries no quota
 * @param cpuRequestRatio the CPU request as a fraction of the CPU limit (0.01 to 1; at least 10 millicores):
 *        sandboxes are idle most of the time, so they request less than they may burst to
 * @param tmpSize size limit of each memory-backed emptyDir ({@code /tmp}, {@code /var/run/postgresql})
 * @param runAsUser UID (and GID, and fsGroup) the sandbox container runs as: the image's {@code postgres} user,
 *        101 in the offline-built image (Debian's package), 999 in the official {@code postgres} image
 * @param requestTimeout how long one API request may take
 */
@Validated
@ConfigurationProperties("taidon.env-manager.kubernetes")
public record KubernetesProperties(@DefaultValue("taidon-sandboxes") String namespace,
        @DefaultValue("taidon/sandbox:18") String image, @DefaultValue("IfNotPresent") String imagePullPolicy,
        @DefaultValue("18") String engineVersion, @Nullable String storageClass,
        @DefaultValue("1GB") DataSize storageSize, @DefaultValue("1.0") double cpus,
        @DefaultValue("512MB") DataSize memory,
        @DefaultValue("0.25") @DecimalMin("0.01") @DecimalMax("1.0") double cpuRequestRatio,
        @DefaultValue("64MB") DataSize tmpSize, @DefaultValue("101") @Min(1) long runAsUser,
        @DefaultValue("30s") Duration requestTimeout) {

    /** @return properties with every default, for code outside Spring (tests) */
    public static KubernetesProperties defaults() {
        return new KubernetesProperties("taidon-sandboxes", "taidon/sandbox:18", "IfNotPresent", "18", null,
                DataSize.ofGigabytes(1), 1.0, DataSize.ofMegabytes(512), 0.25, DataSize.ofMegabytes(64), 101,
                Duration.ofSeconds(30));
    }

    /**
     * @param newNamespace namespace
     * @param newStorageClass StorageClass, or null for the cluster's default
     * @return a copy with another namespace and StorageClass
     */
    public KubernetesProperties with(String newNamespace, @Nullable String newStorageClass) {
        return new KubernetesProperties(newNamespace, this.image, this.imagePullPolicy, this.engineVersion,
                newStorageClass, this.storageSize, this.cpus, this.memory, this.cpuRequestRatio, this.tmpSize,
                this.runAsUser, this.requestTimeout);
    }
}
