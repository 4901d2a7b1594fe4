package io.taidon.envmanager.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * The container operations the docker runtime's parts share: find a sandbox's container by label, remove a
 * container, read the tail of its log, run a command in it.
 */
final class DockerContainers {

    private static final Logger log = LoggerFactory.getLogger(DockerContainers.class);

    private final DockerClient docker;

    private final Duration responseTimeout;

    /**
     * @param docker a client of the engine
     * @param responseTimeout how long {@link #exec} waits for a command's output
     */
    DockerContainers(DockerClient docker, Duration responseTimeout) {
        this.docker = docker;
        this.responseTimeout = responseTimeout;
    }

    DockerClient docker() {
        return this.docker;
    }

    /**
     * @param sandboxId the sandbox
     * @return its container ({@link SandboxLabels#MANAGED}{@code =true} and its id in {@link SandboxLabels#SANDBOX}),
     *         running or not, if any
     * @throws IllegalArgumentException when {@code sandboxId} is not a sandbox id
     */
    Optional<Container> find(String sandboxId) {
        SandboxLabels.checkId(sandboxId);
        return this.docker.listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(SandboxLabels.MANAGED, "true", SandboxLabels.SANDBOX, sandboxId))
            .exec()
            .stream()
            .findFirst();
    }

    /**
     * @param sandboxId the sandbox
     * @return its container
     * @throws SandboxRuntimeException when it has none
     */
    Container require(String sandboxId) {
        return find(sandboxId)
            .orElseThrow(() -> new SandboxRuntimeException("no container for sandbox " + sandboxId));
    }

    /**
     * Removes a container with its anonymous volumes, running or not; a container that is gone, or whose removal is
     * already in progress, is not an error.
     *
     * @param idOrName the container
     */
    void remove(String idOrName) {
        try {
            this.docker.removeContainerCmd(idOrName).withForce(true).withRemoveVolumes(true).exec();
        }
        catch (NotFoundException ex) {
            // already removed
        }
        catch (ConflictException ex) {
            if (!String.valueOf(ex.getMessage()).contains("already in progress")) {
                throw ex;
            }
        }
    }

    /**
     * @param containerId the container
     * @return its last 5 log lines (standard output and error) joined by {@code |}, empty when unreadable
     */
    String logTail(String containerId) {
        StringBuilder text = new StringBuilder();
        try {
            this.docker.logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withTail(5)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })
                .awaitCompletion(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            log.debug("cannot read the log of {}", containerId, ex);
        }
        return text.toString().strip().replace('\n', '|');
    }

    /**
     * Runs a command inside a running container (as the image's user) and waits for it, at most the response
     * timeout.
     *
     * @param containerId the container
     * @param command program and arguments
     * @return exit code (-1 when unknown) and combined output
     * @throws SandboxRuntimeException when interrupted
     */
    DockerSandboxRuntime.ExecResult exec(String containerId, String... command) {
        String execId = this.docker.execCreateCmd(containerId)
            .withCmd(command)
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            this.docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    output.writeBytes(frame.getPayload());
                }
            }).awaitCompletion(this.responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SandboxRuntimeException("interrupted", ex);
        }
        Long exitCode = this.docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return new DockerSandboxRuntime.ExecResult(exitCode == null ? -1 : exitCode.intValue(),
                output.toString(StandardCharsets.UTF_8));
    }
}
