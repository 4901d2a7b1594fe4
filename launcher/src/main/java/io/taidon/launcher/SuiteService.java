package io.taidon.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The services of the suite, in the order the launcher starts them: audit-log first (every other service's outbox
 * relay delivers to it), then idp-adapter (it signs every token and publishes the JWKS), the gateway last.
 * Ports and schemas follow {@code docs/ARCHITECTURE.md}.
 */
public enum SuiteService {

    /** Append-only, hash-chained audit log. */
    AUDIT_LOG("audit-log", "audit", 8086),
    /** Identity: tokens, JWKS, client credentials. */
    IDP_ADAPTER("idp-adapter", "idp", 8081),
    /** Profiles, quotas, erasure. */
    USER_PROFILE("user-profile", "profile", 8082),
    /** Sandboxes. */
    ENV_MANAGER("env-manager", "envs", 8083),
    /** Snapshot store on S3. */
    SNAPSHOT_CACHE("snapshot-cache", "snapshots", 8084),
    /** SQL runs. */
    SQL_RUNNER("sql-runner", "runs", 8085),
    /** SQL projects and Git sync. */
    VCS_SYNC("vcs-sync", "vcs", 8087),
    /** The only public entry. */
    GATEWAY("gateway", "gateway", 8080);

    private final String serviceName;

    private final String schema;

    private final int defaultPort;

    SuiteService(String serviceName, String schema, int defaultPort) {
        this.serviceName = serviceName;
        this.schema = schema;
        this.defaultPort = defaultPort;
    }

    /** @return the services in start order (the reverse is the stop order) */
    public static List<SuiteService> startOrder() {
        return List.of(values());
    }

    /** @return the service (and Maven module) name, e.g. {@code idp-adapter}; also its OAuth client id */
    public String serviceName() {
        return this.serviceName;
    }

    /** @return the control-plane schema it owns; its role is {@code taidon_<schema>} */
    public String schema() {
        return this.schema;
    }

    /** @return its port in the fixed-port layout ({@code gateway} is overridden by {@code TAIDON_PORT}) */
    public int defaultPort() {
        return this.defaultPort;
    }

    /**
     * @param base the suite's stop grace period ({@link SuiteOptions#stopGracePeriod()})
     * @return how long the service may take to stop after SIGTERM before it is killed: {@code base}, plus 60 s for
     *         env-manager, which stops every sandbox it runs before it exits (a killed env-manager would leave them
     *         running)
     */
    public Duration stopGrace(Duration base) {
        return this == ENV_MANAGER ? base.plusSeconds(60) : base;
    }

    /**
     * @param root the repository root
     * @return the service's Boot jar, {@code <root>/<module>/target/<module>-0.1.0-SNAPSHOT.jar}
     */
    public Path jar(Path root) {
        return root.resolve(this.serviceName).resolve("target").resolve(this.serviceName + "-0.1.0-SNAPSHOT.jar");
    }
}
