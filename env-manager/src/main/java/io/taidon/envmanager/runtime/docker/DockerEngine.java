package io.taidon.envmanager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects to a Docker engine and tells whether it can run sandboxes. */
public final class DockerEngine {

    private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);

    private DockerEngine() {
    }

    /**
     * Builds a client; nothing is sent to the engine until the first request.
     *
     * @param properties the engine's address, API version and timeouts
     * @return a client the caller closes
     */
    public static DockerClient client(DockerProperties properties) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(properties.host())
            .withApiVersion(properties.apiVersion())
            .withDockerTlsVerify(false)
            .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(32)
            .connectionTimeout(properties.connectTimeout())
            .responseTimeout(properties.responseTimeout())
            .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * @param docker a client
     * @param image the sandbox image
     * @return whether the engine answers and holds the image; never throws
     */
    public static boolean canRunSandboxes(DockerClient docker, String image) {
        return unavailableReason(docker, image) == null;
    }

    /**
     * @param docker a client
     * @param image the sandbox image
     * @return why the engine cannot run sandboxes, or null when it can; never throws
     */
    public static @org.jspecify.annotations.Nullable String unavailableReason(DockerClient docker, String image) {
        try {
            docker.pingCmd().exec();
        }
        catch (RuntimeException ex) {
            log.debug("no Docker engine answers", ex);
            return "no Docker engine answers (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
        }
        try {
            docker.inspectImageCmd(image).exec();
            return null;
        }
        catch (RuntimeException ex) {
            return "the Docker engine has no image " + image + " (build it with deploy/images/sandbox/build-offline.sh)";
        }
    }
}
