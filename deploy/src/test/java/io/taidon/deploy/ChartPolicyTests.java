package io.taidon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Policies every render of the chart must hold, whatever the values. */
class ChartPolicyTests {

    private static final List<String> STATELESS = List.of("gateway", "sql-runner", "idp-adapter", "user-profile",
            "audit-log", "snapshot-cache", "vcs-sync");

    private static final List<String> SERVICES = List.of("gateway", "idp-adapter", "user-profile", "env-manager",
            "snapshot-cache", "sql-runner", "vcs-sync", "audit-log");

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldPinEveryImageAndHardenEveryContainerWhenRenderedWithEachValueSet(Chart.Values values) {
        List<String> violations = new ArrayList<>();
        int containers = 0;
        for (JsonNode workload : workloads(Chart.objects(values))) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            for (JsonNode container : containers(pod)) {
                containers++;
                violations.addAll(violations(Chart.kind(workload) + " " + Chart.name(workload), pod, container));
            }
        }

        assertThat(containers).isGreaterThanOrEqualTo(SERVICES.size());
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldReportEveryViolationWhenAContainerIsNotHardened() {
        JsonNode pod = YAMLMapper.builder().build().readTree("""
                containers:
                  - name: bare
                    image: taidon/gateway:latest
                    resources:
                      requests: {cpu: 100m}
                """);

        List<String> violations = violations("Deployment bare", pod, pod.path("containers").get(0));

        assertThat(violations).hasSize(9).anySatisfy(v -> assertThat(v).contains("pinned tag"))
            .anySatisfy(v -> assertThat(v).contains("requests.memory"))
            .anySatisfy(v -> assertThat(v).contains("runAsNonRoot"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldProbeActuatorHealthAndAnnotateTheConfigChecksumWhenRenderingAService(Chart.Values values) {
        List<JsonNode> objects = Chart.objects(values);
        for (String service : SERVICES) {
            JsonNode deployment = find(objects, "Deployment", "taidon-" + service);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asString()).as(service)
                .isEqualTo("/actuator/health/liveness");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asString()).as(service)
                .isEqualTo("/actuator/health/readiness");
            assertThat(deployment.path("spec").path("template").path("metadata").path("annotations")
                .path("checksum/config").asString()).as(service).hasSize(64);
        }
    }

    @Test
    void shouldChangeTheConfigChecksumWhenTheServicesConfigurationChanges() {
        String before = checksum(Chart.objects(Chart.Values.PRODUCTION), "taidon-sql-runner");
        String after = checksum(Chart.objects(Chart.render(Chart.Values.PRODUCTION,
                Map.of("sqlRunner.config.taidon.sql-runner.max-rows", "500"))), "taidon-sql-runner");
        String gatewayAfter = checksum(Chart.objects(Chart.render(Chart.Values.PRODUCTION,
                Map.of("sqlRunner.config.taidon.sql-runner.max-rows", "500"))), "taidon-gateway");

        assertThat(after).isNotEqualTo(before);
        assertThat(gatewayAfter).isEqualTo(checksum(Chart.objects(Chart.Values.PRODUCTION), "taidon-gateway"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldNeverRenderASecretValueFromTheValuesWhenRenderedWithEachValueSet(Chart.Values values)
            throws Exception {
        Set<String> scalars = new HashSet<>();
        collectScalars(YAMLMapper.builder().build().readTree(Files.readString(Chart.DIRECTORY.resolve("values.yaml"))),
                scalars);
        List<JsonNode> first = secrets(Chart.objects(values));
        List<JsonNode> second = secrets(Chart.objects(values));

        assertThat(first).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            JsonNode data = first.get(i).path("data");
            assertThat(first.get(i).has("stringData")).isFalse();
            assertThat(data.isEmpty()).isFalse();
            for (Map.Entry<String, JsonNode> entry : data.properties()) {
                String decoded = new String(Base64.getDecoder().decode(entry.getValue().asString()),
                        StandardCharsets.UTF_8);
                assertThat(decoded).as(entry.getKey()).hasSizeGreaterThanOrEqualTo(20).isNotIn(scalars);
                // generated: a second render draws another value
                assertThat(second.get(i).path("data").path(entry.getKey()).asString()).as(entry.getKey())
                    .isNotEqualTo(entry.getValue().asString());
            }
        }
    }

    @Test
    void shouldRenderNoSecretWhenEveryCredentialComesFromAnExistingSecret() {
        List<JsonNode> objects = Chart.objects(Chart.Values.PRODUCTION_WITH_SERVICE_MONITOR);

        assertThat(secrets(objects)).isEmpty();
        JsonNode env = find(objects, "Deployment", "taidon-snapshot-cache").path("spec").path("template").path("spec")
            .path("containers").get(0).path("env");
        assertThat(env.findValues("secretKeyRef")).extracting(ref -> ref.path("name").asString())
            .contains("taidon-auth", "taidon-database", "taidon-s3");
    }

    @Test
    void shouldGenerateSecretsOnInstallOnlyAndKeepThemWhenNoExistingSecretIsGiven() throws Exception {
        List<JsonNode> secrets = secrets(Chart.objects(Chart.Values.MINIKUBE));

        assertThat(secrets).extracting(Chart::name)
            .containsExactlyInAnyOrder("taidon-auth", "taidon-postgresql", "taidon-s3-store");
        assertThat(secrets).allSatisfy(secret -> assertThat(
                secret.path("metadata").path("annotations").path("helm.sh/resource-policy").asString())
            .isEqualTo("keep"));
        String template = Files.readString(Chart.DIRECTORY.resolve(Path.of("templates", "secrets.yaml")));
        assertThat(template.split("\\.Release\\.IsInstall", -1)).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldDenySandboxesAllEgressAndAdmitOnlySqlRunnerAndEnvManagerWhenNetworkPoliciesAreOn(
            Chart.Values values) {
        List<JsonNode> objects = Chart.objects(values);
        JsonNode policy = objects.stream()
            .filter(o -> Chart.kind(o).equals("NetworkPolicy")
                    && o.path("metadata").path("namespace").asString().equals("taidon-sandboxes"))
            .findFirst()
            .orElseThrow();

        assertThat(policy.path("spec").path("podSelector").isEmpty()).isTrue();
        assertThat(policy.path("spec").path("policyTypes").valueStream().map(JsonNode::asString))
            .containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.path("spec").path("egress").isEmpty()).isTrue();
        assertThat(policy.path("spec").path("ingress").findValues("app.kubernetes.io/component"))
            .extracting(JsonNode::asString)
            .containsExactlyInAnyOrder("sql-runner", "env-manager");
        // and only those two services have an egress rule towards the sandbox namespace
        for (String service : SERVICES) {
            JsonNode own = find(objects, "NetworkPolicy", "taidon-" + service);
            boolean reachesSandboxes = own.path("spec").path("egress").findValues("kubernetes.io/metadata.name")
                .stream()
                .anyMatch(n -> n.asString().equals("taidon-sandboxes"));
            assertThat(reachesSandboxes).as(service).isEqualTo(service.equals("sql-runner")
                    || service.equals("env-manager"));
        }
    }

    @Test
    void shouldGiveEveryStatelessServiceABudgetAndAnAutoscalerWhenRenderedWithProductionDefaults() {
        List<JsonNode> objects = Chart.objects(Chart.Values.PRODUCTION);

        for (String service : STATELESS) {
            assertThat(find(objects, "PodDisruptionBudget", "taidon-" + service)).as(service).isNotNull();
            JsonNode hpa = find(objects, "HorizontalPodAutoscaler", "taidon-" + service);
            assertThat(hpa.path("spec").path("minReplicas").asInt()).as(service).isGreaterThanOrEqualTo(2);
            assertThat(find(objects, "Deployment", "taidon-" + service).path("spec").has("replicas")).as(service)
                .isFalse();
        }
        assertThat(objects).noneMatch(o -> Chart.name(o).equals("taidon-env-manager")
                && (Chart.kind(o).equals("HorizontalPodAutoscaler") || Chart.kind(o).equals("PodDisruptionBudget")));
    }

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldLimitEnvManagerToTheSandboxNamespaceAndConfigureTheKubernetesRuntime(Chart.Values values) {
        List<JsonNode> objects = Chart.objects(values);

        assertThat(objects).noneMatch(o -> Chart.kind(o).startsWith("Cluster"));
        JsonNode role = find(objects, "Role", "taidon-env-manager");
        assertThat(role.path("metadata").path("namespace").asString()).isEqualTo("taidon-sandboxes");
        JsonNode binding = find(objects, "RoleBinding", "taidon-env-manager");
        assertThat(binding.path("metadata").path("namespace").asString()).isEqualTo("taidon-sandboxes");
        assertThat(binding.path("subjects").get(0).path("namespace").asString()).isEqualTo(Chart.NAMESPACE);
        JsonNode config = YAMLMapper.builder().build().readTree(find(objects, "ConfigMap", "taidon-env-manager")
            .path("data").path("application.yaml").asString());
        assertThat(config.at("/taidon/env-manager/runtime").asString()).isEqualTo("kubernetes");
        assertThat(config.at("/taidon/env-manager/kubernetes/namespace").asString()).isEqualTo("taidon-sandboxes");
        // the names KubernetesProperties binds (taidon.env-manager.kubernetes.*), and nothing else under it
        assertThat(config.at("/taidon/env-manager/kubernetes").propertyNames())
            .containsExactlyInAnyOrder("namespace", "image", "storage-class", "storage-size", "run-as-user");
        assertThat(config.at("/taidon/env-manager/kubernetes/image").asString()).endsWith("taidon/sandbox:18");
        assertThat(config.at("/taidon/env-manager/kubernetes/storage-size").asString()).isEqualTo("1GB");
        assertThat(config.at("/taidon/env-manager/kubernetes/run-as-user").asInt()).isEqualTo(101);
        // suspend needs snapshot capture, which the kubernetes runtime does not have yet
        assertThat(config.at("/taidon/env-manager/suspend/enabled").asBoolean(true)).isFalse();
        // only env-manager's pods get a service-account token
        for (JsonNode workload : workloads(objects)) {
            boolean token = workload.path("spec").path("template").path("spec").path("automountServiceAccountToken")
                .asBoolean();
            assertThat(token).as(Chart.name(workload)).isEqualTo(Chart.name(workload).equals("taidon-env-manager"));
        }
        JsonNode quota = find(objects, "ResourceQuota", "taidon-sandboxes");
        assertThat(quota.path("metadata").path("namespace").asString()).isEqualTo("taidon-sandboxes");
        assertThat(find(objects, "LimitRange", "taidon-sandboxes").path("metadata").path("namespace").asString())
            .isEqualTo("taidon-sandboxes");
    }

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldPointEveryServiceAtItsOwnFlywaySchemaWhenAllShareOneDatabaseUser(Chart.Values values)
            throws Exception {
        List<JsonNode> objects = Chart.objects(values);
        YAMLMapper yaml = YAMLMapper.builder().build();

        for (String service : SERVICES) {
            // the schema the service's Flyway migrates (its own application.yml) is the one its connections search
            JsonNode own = yaml.readTree(Path.of("..", service, "src", "main", "resources", "application.yml").toFile());
            String schema = own.at("/spring/flyway/default-schema").asString();
            JsonNode config = yaml.readTree(find(objects, "ConfigMap", "taidon-" + service).path("data")
                .path("application.yaml").asString());
            assertThat(schema).as(service).isNotEmpty();
            assertThat(config.at("/spring/datasource/url").asString()).as(service)
                .startsWith("jdbc:postgresql://")
                .endsWith("?currentSchema=" + schema);
        }
    }

    @Test
    void shouldRouteTheIngressToTheGatewayOnly() {
        JsonNode ingress = find(Chart.objects(Chart.Values.MINIKUBE), "Ingress", "taidon-gateway");

        assertThat(ingress.findValues("service")).extracting(s -> s.path("name").asString())
            .containsOnly("taidon-gateway");
        assertThat(ingress.path("spec").path("rules").get(0).path("host").asString()).isEqualTo("taidon.local");
    }

    /**
     * @param workload a name for messages
     * @param pod a pod spec
     * @param container one of its containers
     * @return what this container breaks of the chart's policy (empty when it holds)
     */
    static List<String> violations(String workload, JsonNode pod, JsonNode container) {
        List<String> violations = new ArrayList<>();
        String where = workload + "/" + container.path("name").asString() + ": ";
        String image = container.path("image").asString();
        String tag = image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(image.lastIndexOf(':') + 1)
                : "";
        if (tag.isEmpty() || tag.equals("latest")) {
            violations.add(where + "image " + image + " has no pinned tag");
        }
        for (String path : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
            String[] keys = path.split("\\.");
            if (container.path("resources").path(keys[0]).path(keys[1]).isMissingNode()) {
                violations.add(where + "no resources." + path);
            }
        }
        JsonNode security = container.path("securityContext");
        if (!security.path("runAsNonRoot").asBoolean(pod.path("securityContext").path("runAsNonRoot").asBoolean())) {
            violations.add(where + "not runAsNonRoot");
        }
        if (!security.path("readOnlyRootFilesystem").asBoolean()) {
            violations.add(where + "root filesystem not read-only");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (!container.has(probe)) {
                violations.add(where + "no " + probe);
            }
        }
        boolean tmp = container.path("volumeMounts").valueStream()
            .filter(mount -> mount.path("mountPath").asString().equals("/tmp"))
            .anyMatch(mount -> pod.path("volumes").valueStream()
                .anyMatch(v -> v.path("name").asString().equals(mount.path("name").asString()) && v.has("emptyDir")));
        if (!tmp) {
            violations.add(where + "no writable /tmp emptyDir");
        }
        return violations;
    }

    private static List<JsonNode> workloads(List<JsonNode> objects) {
        return objects.stream()
            .filter(o -> Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob").contains(Chart.kind(o)))
            .toList();
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }

    @Test
    void shouldGenerateAClientSecretAndATinkKeysetForVcsSync() throws Exception {
        JsonNode data = find(Chart.objects(Chart.Values.MINIKUBE), "Secret", "taidon-auth").path("data");

        assertThat(data.path("client-secret-vcs-sync").asString()).isNotEmpty();
        String keyset = new String(Base64.getDecoder().decode(data.path("vcs-sync-keyset").asString()),
                StandardCharsets.UTF_8);
        AeadConfig.register();
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get());
        assertThat(handle.size()).isEqualTo(1);
        assertThat(handle.getPrimary().getKey().getParameters()).isEqualTo(PredefinedAeadParameters.AES256_GCM);
        Aead aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        byte[] sealed = aead.encrypt("token".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(new String(aead.decrypt(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("token");
        // a new key on every install
        String again = find(Chart.objects(Chart.Values.MINIKUBE), "Secret", "taidon-auth").path("data")
            .path("vcs-sync-keyset").asString();
        assertThat(again).isNotEqualTo(data.path("vcs-sync-keyset").asString());
    }

    private static List<JsonNode> secrets(List<JsonNode> objects) {
        return objects.stream().filter(o -> Chart.kind(o).equals("Secret")).toList();
    }

    private static String checksum(List<JsonNode> objects, String deployment) {
        return find(objects, "Deployment", deployment).path("spec").path("template").path("metadata")
            .path("annotations").path("checksum/config").asString();
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
            .filter(o -> Chart.kind(o).equals(kind) && Chart.name(o).equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    private static void collectScalars(JsonNode node, Set<String> scalars) {
        if (node.isValueNode()) {
            scalars.add(node.asString());
        }
        node.forEach(child -> collectScalars(child, scalars));
    }
}
