package io.taidon.envmanager.runtime.docker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;

import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * Sets the superuser's password of a stopped docker sandbox without logging in (a restored cluster carries another
 * sandbox's password): a one-off container of the sandbox image runs {@code postgres --single} on the same PGDATA,
 * without network, read-only, with every capability dropped, {@code no-new-privileges} and the default memory and
 * pids limits. It is labelled {@value DockerSandboxRuntime#LABEL_PASSWORD_OF} (and with the runtime's data directory)
 * so that what a crash leaves is found and removed with its sandbox.
 */
final class SuperuserPasswordReset {

    private static final String SCRIPT = "set -e; PGBIN=\"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)\"; "
            + "rm -f \"$PGDATA/postgresql.auto.conf\" \"$PGDATA/postmaster.pid\"; "
            + "printf '%s\\n' \"$TAIDON_SQL\" | \"$PGBIN/postgres\" --single -D \"$PGDATA\" "
            + "-c config_file=/etc/taidon/postgresql.conf postgres >/dev/null";

    private final DockerContainers containers;

    private final DockerProperties properties;

    private final String dataDir;

    /**
     * @param containers the engine
     * @param properties image and default limits
     * @param dataDir the runtime's data directory, as labelled ({@value DockerSandboxRuntime#LABEL_DATA_DIR})
     */
    SuperuserPasswordReset(DockerContainers containers, DockerProperties properties, String dataDir) {
        this.containers = containers;
        this.properties = properties;
        this.dataDir = dataDir;
    }

    /**
     * Runs the one-off container to its end (at most 120 s) and removes it.
     *
     * @param sandboxId the sandbox
     * @param pgdata its data directory (handed to the image's user already)
     * @param tmpfs the tmpfs mounts, as the sandbox's own container has them
     * @param password the new password
     * @throws SandboxRuntimeException when the container exits with another status than 0
     */
    void run(String sandboxId, Mount pgdata, Map<String, String> tmpfs, String password) {
        String id = this.containers.docker().createContainerCmd(this.properties.image())
            .withEntrypoint("/bin/sh", "-c", SCRIPT)
            .withLabels(Map.of(DockerSandboxRuntime.LABEL_MANAGED, "password", DockerSandboxRuntime.LABEL_PASSWORD_OF,
                    sandboxId, DockerSandboxRuntime.LABEL_DATA_DIR, this.dataDir))
            .withEnv("PGDATA=" + DockerSandboxRuntime.PGDATA, "TAIDON_SQL=ALTER ROLE " + SandboxRuntime.SUPERUSER
                    + " PASSWORD '" + password.replace("'", "''") + "'")
            .withHostConfig(HostConfig.newHostConfig()
                .withMemory(this.properties.memory().toBytes())
                .withMemorySwap(this.properties.memory().toBytes())
                .withPidsLimit(this.properties.pidsLimit())
                .withNetworkMode("none")
                .withReadonlyRootfs(true)
                .withTmpFs(tmpfs)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges:true"))
                .withMounts(List.of(pgdata)))
            .exec()
            .getId();
        try {
            this.containers.docker().startContainerCmd(id).exec();
            int status = this.containers.docker().waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            if (status != 0) {
                throw new SandboxRuntimeException("cannot set the superuser password of sandbox " + sandboxId + " ("
                        + status + "): " + this.containers.logTail(id));
            }
        }
        finally {
            this.containers.remove(id);
        }
    }
}
