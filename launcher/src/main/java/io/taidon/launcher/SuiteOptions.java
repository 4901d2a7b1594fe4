package io.taidon.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start the suite.
 *
 * @param root the repository root; service jars are found under {@code <root>/<module>/target}
 * @param home the data directory (control-plane PGDATA, S3 blobs, sandboxes, logs); created owner-only
 * @param randomPorts true to put every service, PostgreSQL and S3 on free loopback ports (tests), false for the
 *        fixed layout (gateway on {@link #gatewayPort}, services on 8081–8086, PostgreSQL on {@link #postgresPort})
 * @param gatewayPort gateway port in the fixed layout
 * @param postgresPort control-plane PostgreSQL port in the fixed layout
 * @param readinessTimeout how long each service may take to report {@code /actuator/health/readiness} UP
 * @param stopGracePeriod how long each service may take to stop after SIGTERM before it is killed
 * @param javaOptions JVM options for every service process
 * @param progress where progress lines go
 * @param stopOnJvmExit true to stop everything from a shutdown hook (Ctrl-C, SIGTERM, end of a test JVM)
 */
public record SuiteOptions(
        Path root,
        Path home,
        boolean randomPorts,
        int gatewayPort,
        int postgresPort,
        Duration readinessTimeout,
        Duration stopGracePeriod,
        List<String> javaOptions,
        PrintStream progress,
        boolean stopOnJvmExit) {

    /** Default JVM options of a service: a small heap and the serial collector suit 2-core machines. */
    public static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * Defaults of {@code ./taidon up}: home {@code <root>/.taidon}, fixed ports (gateway 8080, PostgreSQL 15432),
     * 180 s readiness timeout per service, 20 s stop grace period, progress on standard output.
     *
     * @param root the repository root
     * @return the options
     */
    public static SuiteOptions defaults(Path root) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        return new SuiteOptions(absoluteRoot, absoluteRoot.resolve(".taidon"), false, 8080, 15432,
                Duration.ofSeconds(180), Duration.ofSeconds(20), DEFAULT_JAVA_OPTIONS, System.out, true);
    }

    /**
     * @param newHome the data directory
     * @return a copy with that home
     */
    public SuiteOptions withHome(Path newHome) {
        return new SuiteOptions(this.root, newHome.toAbsolutePath().normalize(), this.randomPorts, this.gatewayPort,
                this.postgresPort, this.readinessTimeout, this.stopGracePeriod, this.javaOptions, this.progress,
                this.stopOnJvmExit);
    }

    /**
     * @param random true for free loopback ports everywhere
     * @return a copy with that port mode
     */
    public SuiteOptions withRandomPorts(boolean random) {
        return new SuiteOptions(this.root, this.home, random, this.gatewayPort, this.postgresPort,
                this.readinessTimeout, this.stopGracePeriod, this.javaOptions, this.progress, this.stopOnJvmExit);
    }

    /**
     * @param gateway gateway port in the fixed layout
     * @param postgres control-plane PostgreSQL port in the fixed layout
     * @return a copy with those ports
     */
    public SuiteOptions withPorts(int gateway, int postgres) {
        return new SuiteOptions(this.root, this.home, this.randomPorts, gateway, postgres, this.readinessTimeout,
                this.stopGracePeriod, this.javaOptions, this.progress, this.stopOnJvmExit);
    }

    /**
     * @param stream where progress lines go
     * @return a copy printing progress there
     */
    public SuiteOptions withProgress(PrintStream stream) {
        return new SuiteOptions(this.root, this.home, this.randomPorts, this.gatewayPort, this.postgresPort,
                this.readinessTimeout, this.stopGracePeriod, this.javaOptions, stream, this.stopOnJvmExit);
    }

    /**
     * @param options JVM options for every service process
     * @return a copy with those options
     */
    public SuiteOptions withJavaOptions(List<String> options) {
        return new SuiteOptions(this.root, this.home, this.randomPorts, this.gatewayPort, this.postgresPort,
                this.readinessTimeout, this.stopGracePeriod, List.copyOf(options), this.progress, this.stopOnJvmExit);
    }
}
