package io.taidon.envmanager.runtime.docker;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code docker} runtime ({@code taidon.env-manager.docker.*}).
 *
 * @param host the engine's address, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}
 * @param apiVersion the Engine API version every request is pinned to, e.g. {@code 1.44}; unset (the default)
 *        negotiates it with the engine once, when the client is built: the engine's own version, at most the newest
 *        docker-java knows and never below the engine's minimum (so Docker 20.10 gets 1.41 and Docker 29, which
 *        refuses anything below 1.44, gets 1.44); see {@link DockerEngine#client(DockerProperties)}
 * @param connectTimeout how long connecting to the engine may take
 * @param responseTimeout how long one engine request may take
 * @param image the sandbox image (contract in {@code deploy/images/sandbox/README.md})
 * @param network the bridge network every sandbox container joins; created by env-manager when missing, without
 *        IP masquerading (no egress) and without inter-container traffic
 * @param memory memory limit of a sandbox container (swap included: no swap beyond it) when its
 *        {@link io.taidon.envmanager.runtime.SandboxSpec} carries no quota (sandboxes env-manager creates always
 *        carry the user's {@code sandboxMemoryBytes}); also the limit of the short-lived password-reset container
 * @param cpus CPUs of a sandbox container (fractions allowed; sent as nano CPUs) when its spec carries no quota
 *        (sandboxes env-manager creates always carry the user's {@code sandboxCpus})
 * @param pidsLimit processes and threads one sandbox container may have (every sandbox, whatever its owner)
 * @param tmpfsSize size of each tmpfs ({@code /var/run/postgresql}, {@code /tmp})
 */
@Validated
@ConfigurationProperties("taidon.env-manager.docker")
public record DockerProperties(@DefaultValue("unix:///var/run/docker.sock") String host,
        @Nullable String apiVersion, @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("120s") Duration responseTimeout, @DefaultValue("taidon/sandbox:18") String image,
        @DefaultValue("taidon-sandboxes") String network, @DefaultValue("512MB") DataSize memory,
        @DefaultValue("1.0") double cpus, @DefaultValue("256") @Min(16) long pidsLimit,
        @DefaultValue("64MB") DataSize tmpfsSize) {

    /** @return properties with every default, for code outside Spring (tests, benchmarks) */
    public static DockerProperties defaults() {
        return new DockerProperties("unix:///var/run/docker.sock", null, Duration.ofSeconds(5),
                Duration.ofSeconds(120), "taidon/sandbox:18", "taidon-sandboxes", DataSize.ofMegabytes(512), 1.0,
                256, DataSize.ofMegabytes(64));
    }

    /**
     * @param newMemory memory limit
     * @param newPidsLimit pids limit
     * @return a copy with other container limits
     */
    public DockerProperties withLimits(DataSize newMemory, long newPidsLimit) {
        return new DockerProperties(this.host, this.apiVersion, this.connectTimeout, this.responseTimeout, this.image,
                this.network, newMemory, this.cpus, newPidsLimit, this.tmpfsSize);
    }
}
