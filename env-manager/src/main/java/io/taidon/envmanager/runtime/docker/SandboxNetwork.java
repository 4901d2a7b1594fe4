package io.taidon.envmanager.runtime.docker;

import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * The bridge network every sandbox container joins ({@link DockerProperties#network()}): created once, labelled
 * {@link SandboxLabels#MANAGED}{@code =true}, with IP masquerading off (no egress) and inter-container traffic off
 * (no path to another sandbox); a published port still answers on the host's loopback.
 */
final class SandboxNetwork {

    private static final Logger log = LoggerFactory.getLogger(SandboxNetwork.class);

    private final DockerClient docker;

    private final String name;

    /**
     * @param docker a client of the engine
     * @param name the network's name
     */
    SandboxNetwork(DockerClient docker, String name) {
        this.docker = docker;
        this.name = name;
    }

    /** @return the network's name */
    String name() {
        return this.name;
    }

    /**
     * Creates the network unless it exists (a concurrent creation is not an error).
     *
     * @throws SandboxRuntimeException when it does not exist afterwards
     */
    void ensure() {
        if (find().isPresent()) {
            return;
        }
        try {
            this.docker.createNetworkCmd()
                .withName(this.name)
                .withDriver("bridge")
                .withCheckDuplicate(true)
                .withOptions(Map.of("com.docker.network.bridge.enable_ip_masquerade", "false",
                        "com.docker.network.bridge.enable_icc", "false"))
                .withLabels(Map.of(SandboxLabels.MANAGED, "true"))
                .exec();
        }
        catch (ConflictException ex) {
            // created concurrently
        }
        Network network = find().orElseThrow(() -> new SandboxRuntimeException("cannot create network " + this.name));
        log.info("created Docker network {} ({})", network.getName(), network.getId());
    }

    /**
     * @return the network as the engine reports it (options included), if it exists
     */
    Optional<Network> find() {
        return this.docker.listNetworksCmd()
            .withNameFilter(this.name)
            .exec()
            .stream()
            .filter(network -> this.name.equals(network.getName()))
            .findFirst();
    }
}
