package io.taidon.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.taidon.embedded.ServiceDatabase;

/**
 * Starts the whole suite on embedded defaults: the control-plane PostgreSQL with one least-privilege role per
 * service (fresh random passwords at every start), the embedded S3 store, and every service as a child JVM in
 * dependency order, each one ready before the next starts. Used by {@code ./taidon up} ({@link Main}) and by the
 * end-to-end tests.
 */
public final class Suite {

    private Suite() {
    }

    /**
     * Starts everything and returns once the gateway is ready.
     *
     * @param options how to start
     * @return the running suite; {@link RunningSuite#close()} stops it
     * @throws LaunchException when a part does not start (everything started so far is stopped again)
     */
    public static RunningSuite start(SuiteOptions options) {
        RunningSuite suite = prepare(options);
        suite.start();
        return suite;
    }

    /**
     * Checks the jars, prepares the data directory and picks the ports, without starting anything yet: the caller
     * holds the suite before {@link RunningSuite#start()} so that a signal can stop it while it starts.
     *
     * @param options how to start
     * @return the suite, not started
     * @throws LaunchException when a jar is missing or a fixed port is taken
     */
    public static RunningSuite prepare(SuiteOptions options) {
        checkJars(options.root());
        DataDirectory home = DataDirectory.prepare(options.home());
        RunningSuite suite = new RunningSuite(options, home, ports(options));
        if (options.stopOnJvmExit()) {
            suite.stopOnJvmExit();
        }
        return suite;
    }

    private static void checkJars(Path root) {
        List<String> missing = new ArrayList<>();
        for (SuiteService service : SuiteService.startOrder()) {
            if (!Files.isRegularFile(service.jar(root))) {
                missing.add(service.jar(root).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new LaunchException("service jars are missing (build them with ./mvnw install -DskipTests): "
                    + String.join(", ", missing));
        }
    }

    private static Map<SuiteService, Integer> ports(SuiteOptions options) {
        Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
        if (options.randomPorts()) {
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (SuiteService service : SuiteService.startOrder()) {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    ports.put(service, socket.getLocalPort());
                }
            }
            catch (IOException ex) {
                throw new LaunchException("no free loopback port: " + ex.getMessage(), ex);
            }
            finally {
                held.forEach(Suite::closeQuietly);
            }
            return ports;
        }
        for (SuiteService service : SuiteService.startOrder()) {
            int port = service == SuiteService.GATEWAY ? options.gatewayPort() : service.defaultPort();
            requireFree(port, service.serviceName()
                    + (service == SuiteService.GATEWAY ? " (set TAIDON_PORT to use another)" : ""));
            ports.put(service, port);
        }
        requireFree(options.postgresPort(), "the control-plane PostgreSQL (set TAIDON_PG_PORT to use another)");
        return ports;
    }

    private static void requireFree(int port, String user) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        }
        catch (IOException ex) {
            throw new LaunchException("port " + port + " on 127.0.0.1, needed by " + user
                    + ", is in use (is Taidon already running?)");
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // nothing was listening on it yet
        }
    }

    /**
     * The Spring properties one service receives: its database, port, token validation, client credentials, the
     * other services' URLs, and what only it needs.
     */
    static Map<String, String> configuration(SuiteService service, ServiceDatabase database, int port,
            Map<SuiteService, String> urls, Map<SuiteService, String> clientSecrets, int gatewayPort,
            DataDirectory home, @Nullable EmbeddedS3 s3) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", Integer.toString(port));
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        String idp = urls.get(SuiteService.IDP_ADAPTER);
        properties.put("taidon.security.issuer", "http://localhost:" + gatewayPort);
        properties.put("taidon.security.jwk-set-uri", idp + "/.well-known/jwks.json");
        properties.put("taidon.service-client.client-id", service.serviceName());
        properties.put("taidon.service-client.client-secret", clientSecrets.get(service));
        properties.put("taidon.service-client.token-uri", idp + "/oauth2/token");
        urls.forEach((other, url) -> properties.put("taidon.service-client.services." + other.serviceName(), url));
        switch (service) {
            case IDP_ADAPTER -> clientSecrets.forEach((client, secret) -> properties
                .put("taidon.idp.service-clients." + client.serviceName(), secret));
            case ENV_MANAGER -> properties.put("taidon.env-manager.data-dir", home.sandboxes().toString());
            // scripts up to sql-runner's 8 MB cap (Pagila's data is 3.3 MB), JSON-escaped
            case GATEWAY -> properties.put("taidon.gateway.max-body-size", "12MB");
            // the Tink keyset that encrypts Git credentials, created on first start (mode 0600)
            case VCS_SYNC -> properties.put("taidon.vcs-sync.credentials.keyset-file",
                    home.vcsSync().resolve("credentials-keyset.json").toString());
            case SNAPSHOT_CACHE -> {
                if (s3 == null) {
                    throw new IllegalStateException("snapshot-cache needs the embedded S3 store");
                }
                properties.put("taidon.snapshot-cache.s3.endpoint", s3.endpoint());
                properties.put("taidon.snapshot-cache.s3.access-key", s3.accessKey());
                properties.put("taidon.snapshot-cache.s3.secret-key", s3.secretKey());
            }
            default -> {
            }
        }
        return properties;
    }

    /**
     * @param duration a duration
     * @return it as {@code 12.3 s}
     */
    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
