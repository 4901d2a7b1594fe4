package io.taidon.envmanager.runtime.docker;

import java.io.InputStream;

import com.github.dockerjava.api.model.Container;

import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * A sandbox's data directory as tar streams through the engine ({@code GET}/{@code PUT
 * /containers/{id}/archive}), for when env-manager cannot read the bind-mounted directory itself.
 */
final class PgdataArchives {

    private final DockerContainers containers;

    PgdataArchives(DockerContainers containers) {
        this.containers = containers;
    }

    /**
     * Reads the sandbox's data directory, running or stopped (stop it first for a consistent copy).
     *
     * @param sandboxId the sandbox
     * @return a tar stream (Docker's archive format) whose entries are under {@code data/}: {@code data/PG_VERSION},
     *         {@code data/base/…}; the caller closes it
     * @throws SandboxRuntimeException when the sandbox has no container
     */
    InputStream open(String sandboxId) {
        Container container = this.containers.require(sandboxId);
        return this.containers.docker().copyArchiveFromContainerCmd(container.getId(), DockerSandboxRuntime.PGDATA)
            .exec();
    }

    /**
     * Writes files into the sandbox's data directory; files are owned by the container's {@code postgres} user.
     *
     * @param sandboxId the sandbox
     * @param tar a tar stream whose entries are relative to {@code PGDATA} (e.g. {@code PG_VERSION},
     *        {@code base/1/112}); read to its end, not closed
     * @throws SandboxRuntimeException when the sandbox has no container or the engine refuses the archive
     */
    void write(String sandboxId, InputStream tar) {
        Container container = this.containers.require(sandboxId);
        try {
            this.containers.docker().copyArchiveToContainerCmd(container.getId())
                .withRemotePath(DockerSandboxRuntime.PGDATA)
                .withTarInputStream(tar)
                .withCopyUIDGID(true)
                .exec();
        }
        catch (RuntimeException ex) {
            throw new SandboxRuntimeException("cannot write data files of sandbox " + sandboxId, ex);
        }
    }
}
