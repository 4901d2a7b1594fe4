package io.taidon.envmanager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects to a Docker engine and tells whether it can run sandboxes. */
public final class DockerEngine {

    private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);

    private DockerEngine() {
    }

    /** The newest Engine API version this runtime negotiates (the newest docker-java 3.7 models). */
    static final RemoteApiVersion NEWEST = RemoteApiVersion.VERSION_1_44;

    /**
     * Builds a client pinned to an Engine API version: {@link DockerProperties#apiVersion()} when set, else the
     * negotiated one, as Docker's own CLI does: the engine's version ({@code GET /version}, unversioned), at most
     * {@link #NEWEST} and never below the engine's minimum. Docker 20.10 (API 1.41) thus gets 1.41, Docker 25 to 28
     * get 1.44, and Docker 29 (which refuses anything below 1.44) gets 1.44. When the engine does not answer, the
     * client stays unversioned (requests go to the engine's own newest version) and
     * {@link #unavailableReason(DockerClient, String)} reports why.
     *
     * @param properties the engine's address, API version and timeouts
     * @return a client the caller closes; with a negotiated version one {@code GET /version} was sent
     */
    public static DockerClient client(DockerProperties properties) {
        String configured = properties.apiVersion();
        if (configured != null && !configured.isBlank()) {
            return client(properties, configured.strip());
        }
        DockerClient unversioned = client(properties, null);
        String negotiated;
        try {
            Version engine = unversioned.versionCmd().exec();
            negotiated = negotiate(engine.getApiVersion(), engine.getMinAPIVersion());
            log.info("Docker engine {} (API {}, minimum {}): using API {}", engine.getVersion(),
                    engine.getApiVersion(), engine.getMinAPIVersion(), negotiated);
        }
        catch (RuntimeException ex) {
            log.debug("cannot negotiate the Engine API version; the client stays unversioned", ex);
            return unversioned;
        }
        close(unversioned);
        return client(properties, negotiated);
    }

    /**
     * @param engineVersion the engine's newest API version, e.g. {@code 1.52}
     * @param engineMinimum the engine's oldest API version, e.g. {@code 1.44}; null when it does not say
     * @return the version to pin: {@code min(engine, NEWEST)}, raised to the engine's minimum
     */
    static String negotiate(@Nullable String engineVersion, @Nullable String engineMinimum) {
        RemoteApiVersion chosen = NEWEST;
        RemoteApiVersion engine = RemoteApiVersion.parseConfigWithDefault(engineVersion);
        if (!RemoteApiVersion.UNKNOWN_VERSION.equals(engine) && !engine.isGreaterOrEqual(NEWEST)) {
            chosen = engine;
        }
        RemoteApiVersion minimum = RemoteApiVersion.parseConfigWithDefault(engineMinimum);
        if (!RemoteApiVersion.UNKNOWN_VERSION.equals(minimum) && !chosen.isGreaterOrEqual(minimum)) {
            chosen = minimum;
        }
        return chosen.getVersion();
    }

    private static DockerClient client(DockerProperties properties, @Nullable String apiVersion) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(properties.host())
            .withApiVersion(apiVersion)
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

    private static void close(DockerClient docker) {
        try {
            docker.close();
        }
        catch (java.io.IOException ex) {
            log.debug("cannot close a Docker client", ex);
        }
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
    public static @Nullable String unavailableReason(DockerClient docker, String image) {
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
