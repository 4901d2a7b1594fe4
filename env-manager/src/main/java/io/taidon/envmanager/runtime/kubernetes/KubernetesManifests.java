package io.taidon.envmanager.runtime.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.jspecify.annotations.Nullable;

import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

/**
 * Builds the Kubernetes objects of one sandbox from a {@link SandboxSpec}, in plain code (no cluster needed):
 * <ul>
 * <li>a Secret holding the bootstrap superuser password (key {@value #PASSWORD_KEY}), so that it never appears in a
 * pod spec;</li>
 * <li>a PersistentVolumeClaim for PGDATA ({@code ReadWriteOnce}, {@link KubernetesProperties#storageSize()}, the
 * configured StorageClass), which is the sandbox's durable identity: it carries the owner and the resources as
 * annotations, so that a pod can be rebuilt from it on every start;</li>
 * <li>the pod, built from the claim: the sandbox image; CPU and memory from the owner's quota
 * ({@link #resources}); pod and container security contexts for Pod Security {@code restricted} (non-root UID
 * {@link KubernetesProperties#runAsUser()}, read-only root filesystem, no privilege escalation, every capability
 * dropped, {@code RuntimeDefault} seccomp); no service-account token, no service links; memory-backed emptyDirs
 * for {@code /tmp} and the socket directory {@code /var/run/postgresql}; port 5432; a readiness probe
 * ({@code pg_isready} on the socket) and a {@code preStop} fast shutdown ({@code pg_ctl stop -m fast}: SIGTERM
 * alone would be PostgreSQL's smart shutdown, which waits for every client).</li>
 * </ul>
 * Every object has the same name ({@link #resourceName}) and the labels of {@link SandboxLabels}.
 */
public final class KubernetesManifests {

    /** Key of the superuser password in the sandbox's Secret. */
    public static final String PASSWORD_KEY = "superuser-password";

    /** Annotation holding the owner's user id (also a label when it is a valid label value). */
    public static final String ANNOTATION_USER = "io.taidon.user-id";

    /** Annotation holding the CPU limit as a decimal number of CPUs, e.g. {@code 0.5}. */
    public static final String ANNOTATION_CPUS = "io.taidon.cpus";

    /** Annotation holding the memory limit in bytes. */
    public static final String ANNOTATION_MEMORY = "io.taidon.memory-bytes";

    /** Where the claim is mounted; PGDATA is a sub-directory, since a fresh volume may hold {@code lost+found}. */
    public static final String VOLUME_PATH = "/var/lib/postgresql/data";

    /** PGDATA inside the container. */
    public static final String PGDATA = VOLUME_PATH + "/pgdata";

    /** The PostgreSQL port of every sandbox pod. */
    public static final int PORT = 5432;

    /** Name of the PostgreSQL container. */
    public static final String CONTAINER = "postgres";

    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private static final String PGBIN = "PGBIN=\"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)\"; ";

    private final KubernetesProperties properties;

    private final boolean fsync;

    /**
     * @param properties namespace, image, storage and default limits
     * @param fsync whether servers fsync (see {@code taidon.env-manager.fsync})
     */
    public KubernetesManifests(KubernetesProperties properties, boolean fsync) {
        this.properties = properties;
        this.fsync = fsync;
    }

    /**
     * The name of every object of a sandbox: {@code taidon-sb-} and the first 24 hex digits of the SHA-256 of its
     * id (sandbox ids hold upper case and underscores, which Kubernetes names refuse); the id itself is in the
     * {@link SandboxLabels#SANDBOX} label.
     *
     * @param sandboxId the sandbox
     * @return a DNS-1123 label of 34 characters
     * @throws IllegalArgumentException when it is not a sandbox id
     */
    public static String resourceName(String sandboxId) {
        SandboxLabels.checkId(sandboxId);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sandboxId.getBytes(StandardCharsets.UTF_8));
            return "taidon-sb-" + HexFormat.of().formatHex(digest, 0, 12);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    /**
     * @param sandboxId the sandbox
     * @param userId the owner
     * @return {@link SandboxLabels#of}, without the user label when the user id is not a valid label value (the
     *         {@value #ANNOTATION_USER} annotation always holds it)
     */
    public static Map<String, String> labels(String sandboxId, String userId) {
        Map<String, String> labels = SandboxLabels.of(sandboxId, userId);
        if (userId.length() > 63 || !LABEL_VALUE.matcher(userId).matches()) {
            labels.remove(SandboxLabels.USER);
        }
        return labels;
    }

    /**
     * Maps the owner's quota to a container's resources: limits {@code cpu} (millicores, at least 1) and
     * {@code memory} (bytes); requests the same memory (a sandbox is never scheduled on memory it may not get, and
     * is not the first to be evicted) and {@link KubernetesProperties#cpuRequestRatio()} of the CPU limit, at
     * least 10 millicores.
     *
     * @param resources the owner's quota, or null for {@link KubernetesProperties#cpus()} and
     *        {@link KubernetesProperties#memory()}
     * @return the container's requests and limits
     */
    public ResourceRequirements resources(SandboxSpec.@Nullable Resources resources) {
        SandboxSpec.Resources effective = resources != null ? resources
                : new SandboxSpec.Resources(this.properties.cpus(), this.properties.memory().toBytes());
        long limitMillis = Math.max(1, Math.round(effective.cpus() * 1000));
        long requestMillis = Math.min(limitMillis, Math.max(10, Math.round(limitMillis * this.properties.cpuRequestRatio())));
        Quantity memory = new Quantity(Long.toString(effective.memoryBytes()));
        return new ResourceRequirementsBuilder()
            .withLimits(Map.of("cpu", new Quantity(limitMillis + "m"), "memory", memory))
            .withRequests(Map.of("cpu", new Quantity(requestMillis + "m"), "memory", memory))
            .build();
    }

    /**
     * @param spec the sandbox
     * @return its Secret, holding the bootstrap superuser password under {@value #PASSWORD_KEY}
     */
    public Secret secret(SandboxSpec spec) {
        return new SecretBuilder().withMetadata(metadata(spec))
            .withType("Opaque")
            .withData(Map.of(PASSWORD_KEY, Base64.getEncoder()
                .encodeToString(spec.superuserPassword().getBytes(StandardCharsets.UTF_8))))
            .build();
    }

    /**
     * @param spec the sandbox
     * @return its PGDATA claim, annotated with the owner ({@value #ANNOTATION_USER}) and the resources
     *         ({@value #ANNOTATION_CPUS}, {@value #ANNOTATION_MEMORY}) its pods get
     */
    public PersistentVolumeClaim claim(SandboxSpec spec) {
        SandboxSpec.Resources resources = spec.resources() != null ? spec.resources()
                : new SandboxSpec.Resources(this.properties.cpus(), this.properties.memory().toBytes());
        ObjectMeta metadata = metadata(spec);
        metadata.getAnnotations().put(ANNOTATION_CPUS, Double.toString(resources.cpus()));
        metadata.getAnnotations().put(ANNOTATION_MEMORY, Long.toString(resources.memoryBytes()));
        String storageClass = this.properties.storageClass();
        return new PersistentVolumeClaimBuilder().withMetadata(metadata)
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(storageClass == null || storageClass.isBlank() ? null : storageClass)
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity(Long.toString(this.properties.storageSize().toBytes()))))
            .endResources()
            .endSpec()
            .build();
    }

    /**
     * Builds the pod of a sandbox from its claim (see the class comment for its shape).
     *
     * @param claim a claim built by {@link #claim(SandboxSpec)}
     * @return the pod, not yet created
     * @throws SandboxRuntimeException when the claim lacks the sandbox label or the resource annotations
     */
    public Pod pod(PersistentVolumeClaim claim) {
        Map<String, String> claimLabels = claim.getMetadata().getLabels();
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        String sandboxId = claimLabels == null ? null : claimLabels.get(SandboxLabels.SANDBOX);
        if (sandboxId == null || annotations == null || !annotations.containsKey(ANNOTATION_CPUS)
                || !annotations.containsKey(ANNOTATION_MEMORY)) {
            throw new SandboxRuntimeException("the volume claim " + claim.getMetadata().getName()
                    + " is not a Taidon sandbox's (labels or annotations missing)");
        }
        String userId = annotations.getOrDefault(ANNOTATION_USER, "");
        SandboxSpec.Resources resources;
        try {
            resources = new SandboxSpec.Resources(Double.parseDouble(annotations.get(ANNOTATION_CPUS)),
                    Long.parseLong(annotations.get(ANNOTATION_MEMORY)));
        }
        catch (IllegalArgumentException ex) {
            throw new SandboxRuntimeException("the volume claim " + claim.getMetadata().getName()
                    + " holds invalid resources", ex);
        }
        String name = resourceName(sandboxId);
        long uid = this.properties.runAsUser();
        Quantity tmpSize = new Quantity(Long.toString(this.properties.tmpSize().toBytes()));
        List<String> args = new ArrayList<>();
        if (!this.fsync) {
            args.addAll(List.of("-c", "fsync=off", "-c", "full_page_writes=off"));
        }
        return new PodBuilder().withMetadata(new ObjectMetaBuilder().withName(name)
            .withNamespace(this.properties.namespace())
            .withLabels(labels(sandboxId, userId))
            .withAnnotations(Map.of(ANNOTATION_USER, userId))
            .build())
            .withNewSpec()
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withRestartPolicy("Never")
            .withHostname("sandbox")
            .withTerminationGracePeriodSeconds(60L)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(uid)
            .withRunAsGroup(uid)
            .withFsGroup(uid)
            .withFsGroupChangePolicy("OnRootMismatch")
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName(CONTAINER)
            .withImage(this.properties.image())
            .withImagePullPolicy(this.properties.imagePullPolicy())
            .withArgs(args)
            .addNewEnv()
            .withName("PGDATA")
            .withValue(PGDATA)
            .endEnv()
            .addNewEnv()
            .withName("TAIDON_SUPERUSER_PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(name)
            .withKey(PASSWORD_KEY)
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .addNewPort()
            .withName("postgres")
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(resources(resources))
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("pgdata")
            .withMountPath(VOLUME_PATH)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("socket")
            .withMountPath("/var/run/postgresql")
            .endVolumeMount()
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("/bin/sh", "-c", PGBIN + "exec \"$PGBIN/pg_isready\" -q -h /var/run/postgresql -p " + PORT)
            .endExec()
            .withPeriodSeconds(1)
            .withTimeoutSeconds(5)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .withNewLifecycle()
            .withNewPreStop()
            .withNewExec()
            .withCommand("/bin/sh", "-c", PGBIN + "exec \"$PGBIN/pg_ctl\" stop -D \"$PGDATA\" -m fast -w -t 55")
            .endExec()
            .endPreStop()
            .endLifecycle()
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .endContainer()
            .addNewVolume()
            .withName("pgdata")
            .withNewPersistentVolumeClaim()
            .withClaimName(claim.getMetadata().getName())
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(tmpSize)
            .endEmptyDir()
            .endVolume()
            .addNewVolume()
            .withName("socket")
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(tmpSize)
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    }

    private ObjectMeta metadata(SandboxSpec spec) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_USER, spec.userId());
        return new ObjectMetaBuilder().withName(resourceName(spec.sandboxId()))
            .withNamespace(this.properties.namespace())
            .withLabels(labels(spec.sandboxId(), spec.userId()))
            .withAnnotations(annotations)
            .build();
    }
}
