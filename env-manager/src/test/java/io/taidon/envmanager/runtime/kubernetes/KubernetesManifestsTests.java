package io.taidon.envmanager.runtime.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesManifestsTests {

    private final KubernetesManifests manifests = new KubernetesManifests(
            KubernetesProperties.defaults().with("sandboxes", "fast-ssd"), false);

    private final SandboxSpec spec = new SandboxSpec("sb_Abc_12-x", "u_anon_7Hq2", "s3cret'pw",
            new SandboxSpec.Resources(0.5, 256L * 1024 * 1024));

    @Test
    void shouldNameEveryObjectWithADns1123LabelDerivedFromTheSandboxId() {
        String name = KubernetesManifests.resourceName("sb_Abc_12-x");

        assertThat(name).matches("taidon-sb-[0-9a-f]{24}").hasSizeLessThanOrEqualTo(63)
            .isEqualTo(KubernetesManifests.resourceName("sb_Abc_12-x"))
            .isNotEqualTo(KubernetesManifests.resourceName("sb_abc_12-x"));
        assertThatThrownBy(() -> KubernetesManifests.resourceName("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMapTheQuotaToLimitsAndRequests() {
        ResourceRequirements resources = this.manifests.resources(this.spec.resources());

        assertThat(resources.getLimits()).containsEntry("cpu", new Quantity("500m"))
            .containsEntry("memory", new Quantity("268435456"));
        assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("125m"))
            .containsEntry("memory", new Quantity("268435456"));
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValueExact())
            .isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void shouldRequestAtLeastTenMillicoresAndUseTheDefaultsWithoutQuota() {
        assertThat(this.manifests.resources(new SandboxSpec.Resources(0.01, 1L << 20)).getRequests())
            .containsEntry("cpu", new Quantity("10m"));
        ResourceRequirements defaults = this.manifests.resources(null);
        assertThat(defaults.getLimits()).containsEntry("cpu", new Quantity("1000m"))
            .containsEntry("memory", new Quantity(Long.toString(512L * 1024 * 1024)));
        assertThat(defaults.getRequests()).containsEntry("cpu", new Quantity("250m"));
    }

    @Test
    void shouldKeepTheUserIdOutOfTheLabelsWhenItIsNoLabelValue() {
        assertThat(KubernetesManifests.labels("sb_1", "u_anon_7Hq2")).containsEntry(SandboxLabels.MANAGED, "true")
            .containsEntry(SandboxLabels.SANDBOX, "sb_1")
            .containsEntry(SandboxLabels.USER, "u_anon_7Hq2");
        assertThat(KubernetesManifests.labels("sb_1", "u_oidc_" + "x".repeat(60))).doesNotContainKey(SandboxLabels.USER);
        assertThat(KubernetesManifests.labels("sb_1", "u_local_a/b")).doesNotContainKey(SandboxLabels.USER);
    }

    @Test
    void shouldCarryOwnerAndResourcesOnTheClaimAndThePasswordInTheSecret() {
        PersistentVolumeClaim claim = this.manifests.claim(this.spec);
        Secret secret = this.manifests.secret(this.spec);

        assertThat(claim.getMetadata().getNamespace()).isEqualTo("sandboxes");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(KubernetesManifests.ANNOTATION_USER, "u_anon_7Hq2")
            .containsEntry(KubernetesManifests.ANNOTATION_CPUS, "0.5")
            .containsEntry(KubernetesManifests.ANNOTATION_MEMORY, "268435456");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests().get("storage")).longValueExact())
            .isEqualTo(1024L * 1024 * 1024);
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get(KubernetesManifests.PASSWORD_KEY)),
                StandardCharsets.UTF_8)).isEqualTo("s3cret'pw");
        assertThat(new KubernetesManifests(KubernetesProperties.defaults(), false).claim(this.spec).getSpec()
            .getStorageClassName()).isNull();
    }

    @Test
    void shouldBuildAHardenedPodFromTheClaim() {
        Pod pod = this.manifests.pod(this.manifests.claim(this.spec));
        Container container = pod.getSpec().getContainers().getFirst();

        assertThat(pod.getMetadata().getName()).isEqualTo(KubernetesManifests.resourceName("sb_Abc_12-x"));
        assertThat(pod.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX, "sb_Abc_12-x")
            .containsEntry(SandboxLabels.USER, "u_anon_7Hq2");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(101L);
        assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(101L);
        assertThat(container.getImage()).isEqualTo("taidon/sandbox:18");
        assertThat(container.getArgs()).containsExactly("-c", "fsync=off", "-c", "full_page_writes=off");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources()).isEqualTo(this.manifests.resources(this.spec.resources()));
        assertThat(container.getVolumeMounts()).extracting(mount -> mount.getMountPath())
            .containsExactlyInAnyOrder("/var/lib/postgresql/data", "/tmp", "/var/run/postgresql");
        assertThat(pod.getSpec().getVolumes()).filteredOn(volume -> volume.getEmptyDir() != null).hasSize(2);
        assertThat(pod.getSpec().getVolumes()).filteredOn(volume -> volume.getPersistentVolumeClaim() != null)
            .extracting(volume -> volume.getPersistentVolumeClaim().getClaimName())
            .containsExactly(pod.getMetadata().getName());
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("TAIDON_SUPERUSER_PASSWORD");
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(KubernetesManifests.PASSWORD_KEY);
        });
        assertThat(container.getReadinessProbe().getExec().getCommand().getLast()).contains("pg_isready");
        assertThat(container.getLifecycle().getPreStop().getExec().getCommand().getLast()).contains("-m fast");
        assertThat(Serialization.asJson(pod)).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseToBuildAPodFromAForeignClaim() {
        PersistentVolumeClaim claim = this.manifests.claim(this.spec);
        claim.getMetadata().getAnnotations().remove(KubernetesManifests.ANNOTATION_CPUS);

        assertThatThrownBy(() -> this.manifests.pod(claim)).isInstanceOf(SandboxRuntimeException.class)
            .hasMessageContaining("not a Taidon sandbox");
    }
}
