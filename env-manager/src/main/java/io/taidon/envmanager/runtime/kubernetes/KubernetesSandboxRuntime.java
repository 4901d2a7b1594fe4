package io.taidon.envmanager.runtime.kubernetes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import org.jspecify.annotations.Nullable;

import io.taidon.envmanager.runtime.SandboxConnections;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

/**
 * The {@code kubernetes} runtime: sandboxes in one namespace ({@link KubernetesProperties#namespace()}), through
 * the fabric8 kubernetes-client; object shapes in {@link KubernetesManifests}. A sandbox is:
 * <ul>
 * <li>created ({@link #create}) as a Secret (bootstrap password) and a PersistentVolumeClaim (PGDATA), both named
 * {@link KubernetesManifests#resourceName} and labelled as in the docker runtime ({@link SandboxLabels});</li>
 * <li>started ({@link #start}) as a pod of that name, built from the claim, that the image's entrypoint initialises
 * on its first start; the start waits (a watch, no polling of the API) for the pod's {@code Ready} condition and its
 * IP, then logs in as the superuser over the pod IP on port 5432 (env-manager runs in the cluster; the chart's
 * NetworkPolicy lets only sql-runner and env-manager reach it). No Service: the pod IP is the address, as a
 * published port is in the docker runtime, and it changes with every start;</li>
 * <li>stopped ({@link #stop}) by deleting the pod (fast shutdown in its {@code preStop} hook); the claim and the
 * Secret stay, so the next start finds the cluster;</li>
 * <li>removed ({@link #remove}) by deleting its pods, claims and Secrets by label.</li>
 * </ul>
 * Not supported yet: PGDATA is on the claim, which env-manager does not mount, so {@link #dataFilesReachable()} is
 * false and {@link #dataDirectory}, {@link #createForRestore} and {@link #setSuperuserPassword} throw; snapshot
 * capture and restore, the empty template, suspend and resume need them (design in {@code docs/DEPLOYMENT.md}).
 * {@link #sizeBytes} is unknown.
 */
public final class KubernetesSandboxRuntime implements SandboxRuntime {

    /** Name of this runtime. */
    public static final String NAME = "kubernetes";

    private static final String NO_DATA_FILES = "the kubernetes runtime cannot reach PGDATA: it lives on the "
            + "sandbox's PersistentVolumeClaim, which env-manager does not mount, and streaming it through the API "
            + "server is not implemented yet; snapshot capture and restore (and so suspend, resume, branch and "
            + "the empty template) do not work with this runtime (see docs/DEPLOYMENT.md)";

    /** Opens a superuser connection to a running instance; the real one is {@link SandboxConnections#connect}. */
    @FunctionalInterface
    public interface Connector {

        /**
         * @param running a running instance
         * @param password the superuser's password
         * @param database database name
         * @param timeoutSeconds connect timeout in seconds
         * @return an open connection
         * @throws SQLException when the server does not answer or refuses the login
         */
        Connection connect(SandboxInstance running, String password, String database, int timeoutSeconds)
                throws SQLException;
    }

    private final KubernetesClient client;

    private final KubernetesProperties properties;

    private final KubernetesManifests manifests;

    private final Duration startTimeout;

    private final Connector connector;

    /**
     * @param client a client of the cluster (fabric8's default configuration: in-cluster or kubeconfig)
     * @param properties namespace, image, storage and limits
     * @param startTimeout how long a sandbox may take from pod creation to accepting a login
     * @param fsync whether servers fsync (see {@code taidon.env-manager.fsync})
     */
    public KubernetesSandboxRuntime(KubernetesClient client, KubernetesProperties properties, Duration startTimeout,
            boolean fsync) {
        this(client, properties, startTimeout, fsync,
                (running, password, database, timeout) -> SandboxConnections.connect(running, SUPERUSER, password,
                        database, timeout));
    }

    /**
     * @param client a client of the cluster
     * @param properties namespace, image, storage and limits
     * @param startTimeout how long a sandbox may take from pod creation to accepting a login
     * @param fsync whether servers fsync
     * @param connector how superuser connections are opened (tests without a real server pass their own)
     */
    public KubernetesSandboxRuntime(KubernetesClient client, KubernetesProperties properties, Duration startTimeout,
            boolean fsync, Connector connector) {
        this.client = client;
        this.properties = properties;
        this.manifests = new KubernetesManifests(properties, fsync);
        this.startTimeout = startTimeout;
        this.connector = connector;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@link KubernetesProperties#engineVersion()} (configured, not probed) */
    @Override
    public String engineVersion() {
        return this.properties.engineVersion();
    }

    /** @return the namespace every sandbox lives in */
    public String namespace() {
        return this.properties.namespace();
    }

    /**
     * Creates the sandbox's Secret and PGDATA claim; no pod runs until {@link #start}.
     *
     * @param spec what to create
     * @return a stopped instance whose handle is the objects' name
     * @throws SandboxRuntimeException when the sandbox exists already or the API refuses an object (what was
     *         created is removed)
     */
    @Override
    public SandboxInstance create(SandboxSpec spec) {
        String name = KubernetesManifests.resourceName(spec.sandboxId());
        if (inspect(spec.sandboxId()).isPresent()) {
            throw new SandboxRuntimeException("sandbox " + spec.sandboxId() + " exists already");
        }
        try {
            this.client.secrets().inNamespace(namespace()).resource(this.manifests.secret(spec)).create();
            this.client.persistentVolumeClaims().inNamespace(namespace()).resource(this.manifests.claim(spec)).create();
        }
        catch (KubernetesClientException ex) {
            try {
                remove(spec.sandboxId());
            }
            catch (RuntimeException cleanup) {
                ex.addSuppressed(cleanup);
            }
            throw new SandboxRuntimeException("cannot create sandbox " + spec.sandboxId() + " in namespace "
                    + namespace() + ": " + ex.getMessage(), ex);
        }
        return new SandboxInstance(spec.sandboxId(), spec.userId(), NAME, name, SandboxInstance.State.STOPPED, null,
                0);
    }

    /**
     * Creates the sandbox's pod (replacing a terminated one), waits for its {@code Ready} condition and IP, then
     * for a superuser login.
     *
     * @param instance the instance
     * @param superuserPassword the superuser's password, for the login
     * @return the running instance at the pod's IP, port 5432
     * @throws SandboxRuntimeException when the sandbox has no claim, its pod terminates or is deleted while
     *         starting, or it does not accept a login within the start timeout
     */
    @Override
    public SandboxInstance start(SandboxInstance instance, String superuserPassword) {
        String name = KubernetesManifests.resourceName(instance.sandboxId());
        long deadline = System.nanoTime() + this.startTimeout.toNanos();
        PersistentVolumeClaim claim = this.client.persistentVolumeClaims().inNamespace(namespace()).withName(name).get();
        if (claim == null) {
            throw new SandboxRuntimeException("no volume claim for sandbox " + instance.sandboxId());
        }
        Pod pod = pod(name);
        if (pod != null && terminated(pod) != null) {
            deletePod(name);
            pod = null;
        }
        if (pod == null) {
            try {
                this.client.pods().inNamespace(namespace()).resource(this.manifests.pod(claim)).create();
            }
            catch (KubernetesClientException ex) {
                throw new SandboxRuntimeException("cannot create the pod of sandbox " + instance.sandboxId() + ": "
                        + ex.getMessage(), ex);
            }
        }
        Pod ready;
        try {
            ready = this.client.pods()
                .inNamespace(namespace())
                .withName(name)
                .waitUntilCondition(current -> current == null || ready(current) || terminated(current) != null,
                        remainingMillis(deadline), TimeUnit.MILLISECONDS);
        }
        catch (KubernetesClientTimeoutException ex) {
            throw new SandboxRuntimeException("sandbox " + instance.sandboxId() + " did not become ready in "
                    + this.startTimeout + ": " + describe(pod(name)), ex);
        }
        if (ready == null) {
            throw new SandboxRuntimeException("the pod of sandbox " + instance.sandboxId() + " was deleted while it started");
        }
        String termination = terminated(ready);
        if (termination != null) {
            throw new SandboxRuntimeException("sandbox " + instance.sandboxId() + " exited: " + termination);
        }
        SandboxInstance started = instance.with(SandboxInstance.State.RUNNING, ready.getStatus().getPodIP(),
                KubernetesManifests.PORT);
        return SandboxConnections.awaitLogin(() -> started, superuserPassword, this.connector::connect,
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), Duration.ofMillis(20),
                () -> "sandbox " + instance.sandboxId() + " is ready but refused the superuser login within "
                        + this.startTimeout);
    }

    /**
     * Deletes the sandbox's pod (its {@code preStop} hook shuts PostgreSQL down fast) and waits until it is gone;
     * the claim and the Secret stay. A no-op when no pod runs.
     *
     * @param instance the instance
     */
    @Override
    public void stop(SandboxInstance instance) {
        deletePod(KubernetesManifests.resourceName(instance.sandboxId()));
    }

    /**
     * Deletes every pod, claim and Secret labelled with the sandbox's id (whatever their names), waiting for the
     * pods to be gone. Idempotent.
     *
     * @param sandboxId the sandbox
     */
    @Override
    public void remove(String sandboxId) {
        SandboxLabels.checkId(sandboxId);
        try {
            this.client.pods().inNamespace(namespace()).withLabel(SandboxLabels.SANDBOX, sandboxId).delete();
            this.client.pods()
                .inNamespace(namespace())
                .withLabel(SandboxLabels.SANDBOX, sandboxId)
                .informOnCondition(List::isEmpty)
                .get(this.properties.requestTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS);
            this.client.persistentVolumeClaims().inNamespace(namespace()).withLabel(SandboxLabels.SANDBOX, sandboxId).delete();
            this.client.secrets().inNamespace(namespace()).withLabel(SandboxLabels.SANDBOX, sandboxId).delete();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SandboxRuntimeException("interrupted while removing sandbox " + sandboxId, ex);
        }
        catch (KubernetesClientException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException ex) {
            throw new SandboxRuntimeException("cannot remove sandbox " + sandboxId + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public Optional<SandboxInstance> inspect(String sandboxId) {
        SandboxLabels.checkId(sandboxId);
        return Optional.ofNullable(instances(Map.of(SandboxLabels.SANDBOX, sandboxId)).get(sandboxId));
    }

    @Override
    public Connection adminConnection(SandboxInstance instance, String superuserPassword, String database) {
        try {
            return this.connector.connect(instance, superuserPassword, database, 10);
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("sandbox " + instance.sandboxId() + " does not answer", ex);
        }
    }

    /**
     * Every sandbox that has a pod, a claim or a Secret labelled {@link SandboxLabels#MANAGED}{@code =true} in the
     * namespace, including what a crash of env-manager left (a claim without its Secret, a pod without its claim):
     * one instance per sandbox id, running when its pod is ready.
     *
     * @return the instances, for reconciliation by label
     */
    @Override
    public List<SandboxInstance> listManaged() {
        return List.copyOf(instances(Map.of(SandboxLabels.MANAGED, "true")).values());
    }

    /** @return -1: a claim's usage is not visible through the API (only its requested capacity) */
    @Override
    public long sizeBytes(SandboxInstance instance) {
        return -1;
    }

    /** @return false: PGDATA is on the sandbox's claim, which env-manager does not mount */
    @Override
    public boolean dataFilesReachable() {
        return false;
    }

    /**
     * @throws SandboxRuntimeException always: PGDATA is on the sandbox's claim, not on env-manager's filesystem
     */
    @Override
    public Path dataDirectory(SandboxInstance instance) {
        throw new SandboxRuntimeException(NO_DATA_FILES);
    }

    /**
     * @throws SandboxRuntimeException always: a restore writes PGDATA, which this runtime cannot reach yet
     */
    @Override
    public SandboxInstance createForRestore(SandboxSpec spec) {
        throw new SandboxRuntimeException(NO_DATA_FILES);
    }

    /**
     * @throws SandboxRuntimeException always: it is needed only after a restore, which this runtime cannot do yet
     */
    @Override
    public void setSuperuserPassword(SandboxInstance instance, String password) {
        throw new SandboxRuntimeException(NO_DATA_FILES);
    }

    private Map<String, SandboxInstance> instances(Map<String, String> selector) {
        Map<String, SandboxInstance> instances = new LinkedHashMap<>();
        try {
            for (Pod pod : this.client.pods().inNamespace(namespace()).withLabels(selector).list().getItems()) {
                add(instances, pod, ready(pod) ? pod.getStatus().getPodIP() : null);
            }
            for (HasMetadata claim : this.client.persistentVolumeClaims()
                .inNamespace(namespace())
                .withLabels(selector)
                .list()
                .getItems()) {
                add(instances, claim, null);
            }
            for (HasMetadata secret : this.client.secrets().inNamespace(namespace()).withLabels(selector).list().getItems()) {
                add(instances, secret, null);
            }
        }
        catch (KubernetesClientException ex) {
            throw new SandboxRuntimeException("cannot list sandboxes in namespace " + namespace() + ": "
                    + ex.getMessage(), ex);
        }
        return instances;
    }

    /** Adds an object's sandbox unless it is known already (pods come first: they carry the state). */
    private static void add(Map<String, SandboxInstance> instances, HasMetadata object, @Nullable String podIp) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String sandboxId = labels == null ? null : labels.get(SandboxLabels.SANDBOX);
        if (sandboxId == null || !"true".equals(labels.get(SandboxLabels.MANAGED)) || !SandboxLabels.isSandboxId(sandboxId)) {
            return;
        }
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String userId = annotations != null && annotations.containsKey(KubernetesManifests.ANNOTATION_USER)
                ? annotations.get(KubernetesManifests.ANNOTATION_USER) : labels.getOrDefault(SandboxLabels.USER, "");
        SandboxInstance instance = new SandboxInstance(sandboxId, userId, NAME, object.getMetadata().getName(),
                SandboxInstance.State.STOPPED, null, 0);
        instances.putIfAbsent(sandboxId, podIp == null ? instance
                : instance.with(SandboxInstance.State.RUNNING, podIp, KubernetesManifests.PORT));
    }

    private @Nullable Pod pod(String name) {
        return this.client.pods().inNamespace(namespace()).withName(name).get();
    }

    private void deletePod(String name) {
        try {
            if (pod(name) == null) {
                return;
            }
            this.client.pods().inNamespace(namespace()).withName(name).delete();
            this.client.pods()
                .inNamespace(namespace())
                .withName(name)
                .waitUntilCondition(Objects::isNull, 90, TimeUnit.SECONDS);
        }
        catch (KubernetesClientException ex) {
            throw new SandboxRuntimeException("cannot delete pod " + name + ": " + ex.getMessage(), ex);
        }
    }

    /** @return whether the pod's {@code Ready} condition is true and it has an IP */
    static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
            .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /** @return why the pod's PostgreSQL ended (phase and termination message), or null while it may still run */
    static @Nullable String terminated(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        String phase = pod.getStatus().getPhase();
        String message = null;
        for (ContainerStatus status : pod.getStatus().getContainerStatuses() == null ? List.<ContainerStatus>of()
                : pod.getStatus().getContainerStatuses()) {
            if (status.getState() != null && status.getState().getTerminated() != null) {
                var terminated = status.getState().getTerminated();
                message = "exit code " + terminated.getExitCode() + " (" + terminated.getReason() + "): "
                        + Objects.toString(terminated.getMessage(), "").strip().replace('\n', '|');
            }
        }
        if ("Failed".equals(phase) || "Succeeded".equals(phase) || message != null) {
            return "pod phase " + phase + (message != null ? ", " + message : "");
        }
        return null;
    }

    private static String describe(@Nullable Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return "no pod status";
        }
        StringBuilder text = new StringBuilder("phase ").append(pod.getStatus().getPhase());
        if (pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().forEach(condition -> text.append(", ").append(condition.getType())
                .append('=').append(condition.getStatus())
                .append(condition.getReason() != null ? " (" + condition.getReason() + ")" : ""));
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (status.getState() != null && status.getState().getWaiting() != null) {
                    text.append(", waiting: ").append(status.getState().getWaiting().getReason()).append(' ')
                        .append(Objects.toString(status.getState().getWaiting().getMessage(), ""));
                }
            }
        }
        return text.toString().strip();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
