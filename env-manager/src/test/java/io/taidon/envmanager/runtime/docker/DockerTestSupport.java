package io.taidon.envmanager.runtime.docker;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate and cleanup of tests against the real Docker engine. The tests run when an engine answers and holds the
 * sandbox image; when {@code TAIDON_REQUIRE_DOCKER=true} (CI) a missing engine or image fails them instead of
 * skipping them. Every container, volume and network a test creates carries the label {@value #LABEL_TEST} with
 * the run's id, or a sandbox id starting with the run's prefix, and {@link #cleanUp()} removes them all. The system
 * property {@code taidon.test.sandbox-image} names another image (to check the gate itself).
 */
public final class DockerTestSupport implements AutoCloseable {

    /** Label on the test's own containers and networks (listeners, foreign networks). */
    public static final String LABEL_TEST = "io.taidon.test";

    private final DockerClient docker;

    private final DockerProperties properties;

    private final String run;

    private DockerTestSupport(DockerClient docker, DockerProperties properties, String run) {
        this.docker = docker;
        this.properties = properties;
        this.run = run;
    }

    /**
     * Skips (or, under {@code TAIDON_REQUIRE_DOCKER=true}, fails) the calling test class when no engine with the
     * sandbox image answers.
     *
     * @return support for one test class, with its own sandbox network
     */
    public static DockerTestSupport require() {
        String run = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        DockerProperties defaults = DockerProperties.defaults();
        DockerProperties properties = new DockerProperties(defaults.host(), defaults.apiVersion(),
                defaults.connectTimeout(), defaults.responseTimeout(),
                System.getProperty("taidon.test.sandbox-image", defaults.image()), "taidon-" + run,
                defaults.memory(), defaults.cpus(), defaults.pidsLimit(), defaults.tmpfsSize());
        DockerClient docker = DockerEngine.client(properties);
        String reason = DockerEngine.unavailableReason(docker, properties.image());
        if (reason != null) {
            close(docker);
            if ("true".equalsIgnoreCase(System.getenv("TAIDON_REQUIRE_DOCKER"))) {
                Assertions.fail("TAIDON_REQUIRE_DOCKER=true but " + reason);
            }
            Assumptions.abort("docker runtime tests skipped: " + reason
                    + " (set TAIDON_REQUIRE_DOCKER=true to fail instead)");
        }
        return new DockerTestSupport(docker, properties, run);
    }

    /** @return the client */
    public DockerClient docker() {
        return this.docker;
    }

    /** @return runtime properties with this run's own network */
    public DockerProperties properties() {
        return this.properties;
    }

    /** @return this run's id, the value of {@value #LABEL_TEST} */
    public String run() {
        return this.run;
    }

    /**
     * @param name a short name
     * @return a sandbox id unique to this run
     */
    public String sandboxId(String name) {
        return "sb_" + this.run + "_" + name;
    }

    /** Removes every container, volume and network of this run, whatever the tests left behind. */
    public void cleanUp() {
        for (Container container : this.docker.listContainersCmd().withShowAll(true).exec()) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            if (this.run.equals(labels.get(LABEL_TEST)) || labels.getOrDefault(DockerSandboxRuntime.LABEL_SANDBOX, "")
                .startsWith("sb_" + this.run + "_")) {
                ignore(() -> this.docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true)
                    .exec());
            }
        }
        var volumes = this.docker.listVolumesCmd()
            .withFilter("label", List.of(DockerSandboxRuntime.LABEL_MANAGED + "=true"))
            .exec()
            .getVolumes();
        if (volumes != null) {
            volumes.stream()
                .filter(volume -> volume.getLabels() != null && volume.getLabels()
                    .getOrDefault(DockerSandboxRuntime.LABEL_SANDBOX, "")
                    .startsWith("sb_" + this.run + "_"))
                .forEach(volume -> ignore(() -> this.docker.removeVolumeCmd(volume.getName()).exec()));
        }
        for (Network network : this.docker.listNetworksCmd().exec()) {
            Map<String, String> labels = network.getLabels() == null ? Map.of() : network.getLabels();
            if (this.run.equals(labels.get(LABEL_TEST)) || this.properties.network().equals(network.getName())) {
                ignore(() -> this.docker.removeNetworkCmd(network.getId()).exec());
            }
        }
    }

    /**
     * @return names of containers of this run still present
     */
    public List<String> leftovers() {
        return this.docker.listContainersCmd()
            .withShowAll(true)
            .exec()
            .stream()
            .filter(container -> container.getLabels() != null && (this.run.equals(container.getLabels().get(LABEL_TEST))
                    || container.getLabels().getOrDefault(DockerSandboxRuntime.LABEL_SANDBOX, "")
                        .startsWith("sb_" + this.run + "_")))
            .map(container -> String.join(",", container.getNames()))
            .toList();
    }

    @Override
    public void close() {
        try {
            cleanUp();
        }
        finally {
            close(this.docker);
        }
    }

    private static void close(DockerClient docker) {
        try {
            docker.close();
        }
        catch (java.io.IOException ex) {
            // nothing to release then
        }
    }

    private static void ignore(Runnable action) {
        try {
            action.run();
        }
        catch (RuntimeException ex) {
            // already gone
        }
    }
}
