package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./taidon up} with the docker runtime on the real engine, as a launcher JVM of its own (so that the test
 * can SIGKILL it), twice on one data directory:
 * <ol>
 * <li>the first launcher creates sandboxes and is killed with SIGKILL: its services shut themselves down (their
 * standard input closes) and env-manager stops every container;</li>
 * <li>the second launcher starts on the same home although the first one's control-plane PostgreSQL still runs
 * (it stops it), adopts the containers (none is removed: their records are in the control plane), creates one
 * more, survives a SIGKILL of env-manager (the launcher restarts it; the new env-manager did not start the running
 * container itself) and is stopped with SIGTERM: no container of its home runs, no process and no listening port
 * is left.</li>
 * </ol>
 * Runs when a Docker engine answers and holds {@code taidon/sandbox:18} (through the {@code docker} CLI); with
 * {@code TAIDON_REQUIRE_DOCKER=true} (CI) a missing engine or image fails it instead of skipping it. Everything it
 * created (containers labelled with its home, its own sandbox network) is removed afterwards.
 */
class DockerSuiteIT {

    private static final String IMAGE = "taidon/sandbox:18";

    private static final Pattern UP = Pattern.compile("Taidon is up: http://localhost:(\\d+)");

    private static final Pattern CONTROL_PLANE = Pattern.compile("control-plane PostgreSQL\\s+127\\.0\\.0\\.1:(\\d+)");

    // each service may take the launcher's 180 s readiness timeout on a loaded 2-core machine
    private static final Duration START_DEADLINE = Duration.ofMinutes(15);

    private static Path base;

    private static Path home;

    private static String network;

    private static final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void requireDocker() throws IOException {
        String reason = dockerUnavailableReason();
        if (reason != null) {
            if ("true".equalsIgnoreCase(System.getenv("TAIDON_REQUIRE_DOCKER"))) {
                Assertions.fail("TAIDON_REQUIRE_DOCKER=true but " + reason);
            }
            Assumptions.abort("docker suite test skipped: " + reason + " (set TAIDON_REQUIRE_DOCKER=true to fail)");
        }
        base = Files.createTempDirectory("taidon-docker-suite-");
        home = base.resolve("home");
        network = "taidon-it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void shouldLeaveNothingRunningWhenTheLauncherIsKilledAndAdoptItAllWhenTheNextOneStarts() throws Exception {
        // 1. a launcher with three sandboxes, killed
        Launcher first = Launcher.start(base.resolve("launcher-1.log"));
        GatewayClient gateway = new GatewayClient("http://127.0.0.1:" + first.gatewayPort);
        for (int i = 0; i < 3; i++) {
            createSandbox(gateway);
        }
        assertThat(containers("running")).hasSize(3);
        List<ProcessHandle> firstServices = first.process.descendants().toList();
        // a failed run must not leave them behind: once the launcher is dead they are no longer its descendants
        started.addAll(firstServices);
        assertThat(firstServices).hasSizeGreaterThanOrEqualTo(SuiteService.values().length);

        first.process.destroyForcibly();
        first.process.onExit().get(30, TimeUnit.SECONDS);

        await("the services of the killed launcher shut themselves down").atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> firstServices.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(containers("running")).as("containers env-manager left running").isEmpty();
        List<String> kept = containers("exited");
        assertThat(kept).as("stopped containers kept with their records").hasSize(3);

        // 2. the next launcher on the same home: reconciles, adopts, restarts env-manager, stops cleanly
        Launcher second = Launcher.start(base.resolve("launcher-2.log"));
        assertThat(second.output()).contains("stopped the control-plane PostgreSQL a previous run left running");
        assertThat(containers("exited")).as("adopted, not removed as orphans").containsAll(kept);
        gateway = new GatewayClient("http://127.0.0.1:" + second.gatewayPort);
        createSandbox(gateway);
        assertThat(containers("running")).hasSize(1);

        ProcessHandle envManager = second.service("env-manager");
        envManager.destroyForcibly();
        envManager.onExit().get(30, TimeUnit.SECONDS);
        await("env-manager restarted by the launcher").atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> second.output().contains("taidon: env-manager restarted on"));
        assertThat(second.output()).contains("taidon: env-manager (pid " + envManager.pid()
                + ") exited unexpectedly with code 137; restarting it in 1.0 s (crash 1 in a row; log "
                + home.resolve("logs").resolve("env-manager.log") + ")");
        assertThat(containers("running")).as("the sandbox outlives the killed env-manager").hasSize(1);
        List<ProcessHandle> secondServices = second.process.descendants().toList();
        started.addAll(secondServices);
        int postgresPort = second.controlPlanePort();

        long stopStart = System.nanoTime();
        second.process.destroy();
        assertThat(second.java.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(second.java.exitValue()).isZero();
        System.out.printf("the second launcher stopped in %.1f s after SIGTERM%n",
                (System.nanoTime() - stopStart) / 1_000_000_000.0);

        assertThat(second.output()).contains("Taidon stopped in").doesNotContain("killed after grace period");
        assertThat(containers("running")).as("containers left running after the stop").isEmpty();
        assertThat(containers("exited")).hasSize(4).containsAll(kept);
        assertThat(secondServices).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.allProcesses()
            .filter(process -> process.info().commandLine().map(line -> line.contains(home + "/")).orElse(false))
            .map(process -> process.pid() + " " + process.info().commandLine().orElse("?"))).isEmpty();
        for (int port : new int[] { second.gatewayPort, postgresPort }) {
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("port %d", port)
                .isInstanceOf(IOException.class);
        }
    }

    @AfterAll
    static void removeEverything() throws Exception {
        if (base == null) {
            return;
        }
        for (ProcessHandle process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try (Stream<Path> logs = Files.list(base)) {
            for (Path log : logs.filter(path -> path.getFileName().toString().startsWith("launcher-")).sorted()
                .toList()) {
                System.out.println("--- " + log.getFileName() + " ---\n" + Files.readString(log));
            }
        }
        Path envManagerLog = home.resolve("logs").resolve("env-manager.log");
        if (Files.exists(envManagerLog)) {
            Files.readAllLines(envManagerLog).stream()
                .filter(line -> line.contains("sandboxes at shutdown") || line.contains("reconciliation"))
                .forEach(System.out::println);
        }
        for (String id : containers(null)) {
            docker("rm", "-f", "-v", id);
        }
        docker("network", "rm", network);
        TestFiles.deleteTree(base);
    }

    private static void createSandbox(GatewayClient gateway) {
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        GatewayClient.Answer run = gateway.run(anonymous.string("accessToken"), "select 41 + 1;");
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        assertThat(run.text()).contains("42");
    }

    /** @return ids of the containers of this test's home in that state ({@code running}, {@code exited}), or all */
    private static List<String> containers(String state) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ps", "-a", "-q", "--no-trunc", "--filter",
                "label=io.taidon.data-dir=" + home.resolve("sandboxes")));
        if (state != null) {
            command.addAll(List.of("--filter", "status=" + state));
        }
        String output = docker(command.toArray(String[]::new));
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).sorted().toList();
    }

    private static String docker(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private static String dockerUnavailableReason() {
        try {
            Process process = new ProcessBuilder("docker", "image", "inspect", "--format", "{{.Id}}", IMAGE)
                .redirectErrorStream(true)
                .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "no Docker engine with the image " + IMAGE + " answers (" + output + ")";
            }
            return null;
        }
        catch (IOException ex) {
            return "no docker CLI (" + ex.getMessage() + ")";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** One launcher JVM ({@code java -jar taidon-launcher.jar}) on the test's home, random ports, docker runtime. */
    private record Launcher(Process java, ProcessHandle process, Path log, int gatewayPort) {

        static Launcher start(Path log) throws IOException {
            Path root = SharedSuite.root();
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    root.resolve("launcher/target/taidon-launcher.jar").toString(), "--root", root.toString(),
                    "--home", home.toString(), "--ports", "random")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> environment = builder.environment();
            environment.put("TAIDON_ENV_MANAGER_RUNTIME", "docker");
            environment.put("TAIDON_ENV_MANAGER_DOCKER_NETWORK", network);
            Process process = builder.start();
            started.add(process.toHandle());
            try {
                await("the launcher says it is up").atMost(START_DEADLINE)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive() || UP.matcher(Files.readString(log)).find());
            }
            catch (ConditionTimeoutException ex) {
                throw new AssertionError(ex.getMessage() + ":\n" + Files.readString(log), ex);
            }
            assertThat(process.isAlive()).as("the launcher is alive:\n%s", Files.readString(log)).isTrue();
            Matcher up = UP.matcher(Files.readString(log));
            assertThat(up.find()).isTrue();
            return new Launcher(process, process.toHandle(), log, Integer.parseInt(up.group(1)));
        }

        String output() throws IOException {
            return Files.readString(this.log);
        }

        int controlPlanePort() throws IOException {
            Matcher matcher = CONTROL_PLANE.matcher(output());
            assertThat(matcher.find()).isTrue();
            return Integer.parseInt(matcher.group(1));
        }

        /** @return the service's current process: the child JVM running its jar */
        ProcessHandle service(String name) {
            return this.process.children()
                .filter(child -> child.info().commandLine().map(line -> line.contains("/" + name + "-0.1.0"))
                    .orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " process"));
        }
    }
}
