package io.taidon.envmanager.runtime.kubernetes;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kubernetes runtime against fabric8's mock API server in CRUD mode: objects are stored and watched as by a real
 * API server, but nothing schedules or runs pods, so the tests play the kubelet by writing pod status.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSandboxRuntimeTests {

    private static final String NAMESPACE = "taidon-sandboxes";

    KubernetesClient client;

    private final List<String> logins = new CopyOnWriteArrayList<>();

    private KubernetesSandboxRuntime runtime;

    @BeforeEach
    void setUp() {
        this.runtime = runtime(Duration.ofSeconds(20));
    }

    private KubernetesSandboxRuntime runtime(Duration startTimeout) {
        return new KubernetesSandboxRuntime(this.client,
                KubernetesProperties.defaults().with(NAMESPACE, "fast-ssd"), startTimeout, false,
                (running, password, database, timeout) -> {
                    this.logins.add(running.host() + ":" + running.port() + "/" + database + " " + password);
                    return fakeConnection();
                });
    }

    @Test
    void shouldCreateAClaimAndASecretButNoPodUntilStarted() {
        SandboxInstance created = this.runtime.create(spec("sb_one"));

        PersistentVolumeClaim claim = this.client.persistentVolumeClaims().inNamespace(NAMESPACE)
            .withLabel(SandboxLabels.SANDBOX, "sb_one").list().getItems().getFirst();
        assertThat(claim.getMetadata().getLabels()).containsEntry(SandboxLabels.MANAGED, "true")
            .containsEntry(SandboxLabels.USER, "u_anon_owner");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        Secret secret = this.client.secrets().inNamespace(NAMESPACE).withName(created.handle()).get();
        assertThat(secret.getData()).containsKey(KubernetesManifests.PASSWORD_KEY);
        assertThat(this.client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(created.state()).isEqualTo(SandboxInstance.State.STOPPED);
        assertThat(this.runtime.inspect("sb_one")).get().extracting(SandboxInstance::state, SandboxInstance::userId)
            .containsExactly(SandboxInstance.State.STOPPED, "u_anon_owner");
        assertThatThrownBy(() -> this.runtime.create(spec("sb_one"))).isInstanceOf(SandboxRuntimeException.class)
            .hasMessageContaining("exists already");
    }

    @Test
    void shouldStartAHardenedPodAndWaitUntilItIsReady() throws Exception {
        SandboxInstance created = this.runtime.create(spec("sb_two"));

        CompletableFuture<SandboxInstance> start = CompletableFuture.supplyAsync(() -> this.runtime.start(created, "pw"));
        Pod pod = awaitPod(created.handle());
        assertThat(start).isNotDone();
        var container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("taidon/sandbox:18");
        assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("500m"))
            .containsEntry("memory", new Quantity("268435456"));
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX, "sb_two");
        assertThat(pod.getSpec().getVolumes()).anySatisfy(
                volume -> assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(created.handle()));

        setStatus(created.handle(), "Running", true, "10.42.0.7");
        SandboxInstance running = start.get(20, TimeUnit.SECONDS);

        assertThat(running.running()).isTrue();
        assertThat(running.host()).isEqualTo("10.42.0.7");
        assertThat(running.port()).isEqualTo(5432);
        assertThat(this.logins).containsExactly("10.42.0.7:5432/postgres pw");
        assertThat(this.runtime.inspect("sb_two")).get().extracting(SandboxInstance::host).isEqualTo("10.42.0.7");
    }

    @Test
    void shouldKeepWaitingWhileThePodRunsButIsNotReady() throws Exception {
        SandboxInstance created = this.runtime.create(spec("sb_three"));
        CompletableFuture<SandboxInstance> start = CompletableFuture.supplyAsync(() -> this.runtime.start(created, "pw"));
        awaitPod(created.handle());

        setStatus(created.handle(), "Running", false, "10.42.0.8");
        Thread.sleep(300); // a negative check needs some time: the start must not return for a pod that is not ready
        assertThat(start).isNotDone();
        setStatus(created.handle(), "Running", true, "10.42.0.8");

        assertThat(start.get(20, TimeUnit.SECONDS).host()).isEqualTo("10.42.0.8");
    }

    @Test
    void shouldFailTheStartWhenThePodTerminates() {
        SandboxInstance created = this.runtime.create(spec("sb_four"));
        CompletableFuture<SandboxInstance> start = CompletableFuture.supplyAsync(() -> this.runtime.start(created, "pw"));
        awaitPod(created.handle());

        Pod pod = this.client.pods().inNamespace(NAMESPACE).withName(created.handle()).get();
        pod.setStatus(new PodStatusBuilder().withPhase("Failed")
            .withContainerStatuses(new ContainerStatusBuilder().withName("postgres")
                .withNewState().withNewTerminated().withExitCode(1).withReason("Error")
                .withMessage("initdb: error: could not create directory").endTerminated().endState()
                .build())
            .build());
        this.client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();

        assertThat(start).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
            .havingRootCause().isInstanceOf(SandboxRuntimeException.class)
            .withMessageContaining("exited").withMessageContaining("initdb: error");
    }

    @Test
    void shouldFailTheStartWhenThePodNeverBecomesReady() {
        KubernetesSandboxRuntime impatient = runtime(Duration.ofMillis(800));
        SandboxInstance created = impatient.create(spec("sb_five"));

        assertThatThrownBy(() -> impatient.start(created, "pw")).isInstanceOf(SandboxRuntimeException.class)
            .hasMessageContaining("did not become ready");
        assertThat(this.logins).isEmpty();
    }

    @Test
    void shouldStopByDeletingThePodAndStartAgainFromTheSameClaim() throws Exception {
        SandboxInstance running = startReady("sb_six", "10.42.0.9");

        this.runtime.stop(running);

        assertThat(this.client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(this.client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(running.handle()).get()).isNotNull();
        assertThat(this.client.secrets().inNamespace(NAMESPACE).withName(running.handle()).get()).isNotNull();
        assertThat(this.runtime.inspect("sb_six")).get().extracting(SandboxInstance::state)
            .isEqualTo(SandboxInstance.State.STOPPED);
        this.runtime.stop(running); // stopping a stopped sandbox is a no-op

        CompletableFuture<SandboxInstance> again = CompletableFuture.supplyAsync(() -> this.runtime.start(running, "pw"));
        awaitPod(running.handle());
        setStatus(running.handle(), "Running", true, "10.42.1.1");
        assertThat(again.get(20, TimeUnit.SECONDS).host()).isEqualTo("10.42.1.1");
    }

    @Test
    void shouldRemoveEverythingLabelledWithTheSandbox() throws Exception {
        startReady("sb_seven", "10.42.0.10");
        this.runtime.create(spec("sb_keep"));

        this.runtime.remove("sb_seven");
        this.runtime.remove("sb_seven"); // idempotent

        assertThat(this.client.pods().inNamespace(NAMESPACE).withLabel(SandboxLabels.SANDBOX, "sb_seven").list().getItems()).isEmpty();
        assertThat(this.client.persistentVolumeClaims().inNamespace(NAMESPACE).withLabel(SandboxLabels.SANDBOX, "sb_seven")
            .list().getItems()).isEmpty();
        assertThat(this.client.secrets().inNamespace(NAMESPACE).withLabel(SandboxLabels.SANDBOX, "sb_seven").list().getItems()).isEmpty();
        assertThat(this.runtime.inspect("sb_seven")).isEmpty();
        assertThat(this.runtime.inspect("sb_keep")).isPresent();
    }

    @Test
    void shouldListOrphansAfterACrashByLabelAndRemoveThem() throws Exception {
        startReady("sb_running", "10.42.0.11");
        this.runtime.create(spec("sb_stopped"));
        // a crash between the Secret and the claim: only the Secret exists
        KubernetesManifests manifests = new KubernetesManifests(KubernetesProperties.defaults().with(NAMESPACE, null), false);
        this.client.secrets().inNamespace(NAMESPACE).resource(manifests.secret(spec("sb_half"))).create();
        // a pod whose claim and Secret are gone (removal interrupted), and objects that are not Taidon's
        Pod lonely = manifests.pod(manifests.claim(spec("sb_lonely")));
        this.client.pods().inNamespace(NAMESPACE).resource(lonely).create();
        this.client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("other")
            .withLabels(Map.of("app", "other")).endMetadata().build()).create();
        this.client.pods().inNamespace("elsewhere").resource(new PodBuilder(lonely).editMetadata()
            .withNamespace("elsewhere").withLabels(Map.of(SandboxLabels.MANAGED, "true", SandboxLabels.SANDBOX, "sb_foreign"))
            .endMetadata().build()).create();

        // env-manager restarts: a new runtime instance knows only what the API server holds
        KubernetesSandboxRuntime restarted = runtime(Duration.ofSeconds(5));
        List<SandboxInstance> managed = restarted.listManaged();

        assertThat(managed).extracting(SandboxInstance::sandboxId)
            .containsExactlyInAnyOrder("sb_running", "sb_stopped", "sb_half", "sb_lonely");
        assertThat(managed).filteredOn(instance -> instance.sandboxId().equals("sb_running")).singleElement()
            .extracting(SandboxInstance::host).isEqualTo("10.42.0.11");
        assertThat(managed).filteredOn(instance -> !instance.sandboxId().equals("sb_running"))
            .allSatisfy(instance -> assertThat(instance.state()).isEqualTo(SandboxInstance.State.STOPPED));

        // reconciliation: sandboxes without a record are removed through remove()
        for (String orphan : List.of("sb_stopped", "sb_half", "sb_lonely")) {
            restarted.remove(orphan);
        }
        assertThat(restarted.listManaged()).extracting(SandboxInstance::sandboxId).containsExactly("sb_running");
        assertThat(this.client.pods().inNamespace(NAMESPACE).list().getItems()).extracting(pod -> pod.getMetadata().getName())
            .containsExactlyInAnyOrder(KubernetesManifests.resourceName("sb_running"), "other");
        assertThat(this.client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
        assertThat(this.client.secrets().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    }

    @Test
    void shouldSayThatDataFilesAreOutOfReach() {
        SandboxInstance created = this.runtime.create(spec("sb_data"));

        assertThatThrownBy(() -> this.runtime.dataDirectory(created)).isInstanceOf(SandboxRuntimeException.class)
            .hasMessageContaining("PersistentVolumeClaim").hasMessageContaining("snapshot capture and restore");
        assertThatThrownBy(() -> this.runtime.createForRestore(spec("sb_data2"))).isInstanceOf(SandboxRuntimeException.class)
            .hasMessageContaining("cannot reach PGDATA");
        assertThatThrownBy(() -> this.runtime.setSuperuserPassword(created, "x")).isInstanceOf(SandboxRuntimeException.class)
            .hasMessageContaining("cannot reach PGDATA");
        assertThat(this.runtime.inspect("sb_data2")).isEmpty();
        assertThat(this.runtime.sizeBytes(created)).isEqualTo(-1);
    }

    private SandboxInstance startReady(String sandboxId, String ip) throws Exception {
        SandboxInstance created = this.runtime.create(spec(sandboxId));
        CompletableFuture<SandboxInstance> start = CompletableFuture.supplyAsync(() -> this.runtime.start(created, "pw"));
        awaitPod(created.handle());
        setStatus(created.handle(), "Running", true, ip);
        return start.get(20, TimeUnit.SECONDS);
    }

    private Pod awaitPod(String name) {
        return this.client.pods().inNamespace(NAMESPACE).withName(name)
            .waitUntilCondition(pod -> pod != null, 20, TimeUnit.SECONDS);
    }

    /** Plays the kubelet: writes the pod's status (phase, Ready condition, IP). */
    private void setStatus(String name, String phase, boolean ready, String ip) {
        Pod pod = this.client.pods().inNamespace(NAMESPACE).withName(name).get();
        pod.setStatus(new PodStatusBuilder().withPhase(phase).withPodIP(ready ? ip : null)
            .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
            .build());
        this.client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    private static SandboxSpec spec(String sandboxId) {
        return new SandboxSpec(sandboxId, "u_anon_owner", "bootstrap-pw", new SandboxSpec.Resources(0.5, 256L * 1024 * 1024));
    }

    private static Connection fakeConnection() {
        return (Connection) Proxy.newProxyInstance(KubernetesSandboxRuntimeTests.class.getClassLoader(),
                new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "isValid" -> true;
                    case "close" -> null;
                    default -> throw new SQLException("not a real connection: " + method.getName());
                });
    }
}
