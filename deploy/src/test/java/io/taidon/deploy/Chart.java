package io.taidon.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart under {@code deploy/helm/taidon}, rendered and linted with the Helm that helm-java bundles (no Helm
 * binary, no cluster: {@code helm template} renders offline, {@code lookup} answers nothing).
 */
final class Chart {

    /** The chart directory, relative to the deploy module (where surefire runs). */
    static final Path DIRECTORY = Path.of("helm", "taidon");

    /** Release name every render uses. */
    static final String RELEASE = "taidon";

    /** Namespace every render uses. */
    static final String NAMESPACE = "taidon";

    /** Kubernetes version renders assume (the chart needs 1.27 or later: autoscaling/v2, policy/v1). */
    static final String KUBE_VERSION = "1.31.0";

    /** The values production needs besides the defaults (no default exists for them on purpose). */
    static final Map<String, String> REQUIRED = requiredValues();

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private Chart() {
    }

    /** A set of values the chart is rendered with. */
    enum Values {

        /** values.yaml plus {@link #REQUIRED}: external PostgreSQL and S3, the production default. */
        PRODUCTION(null, Map.of()),

        /** values.yaml plus values-minikube.yaml: in-cluster PostgreSQL and S3 store. */
        MINIKUBE("values-minikube.yaml", Map.of()),

        /** PRODUCTION with the optional ServiceMonitor and existing Secrets for every credential. */
        PRODUCTION_WITH_SERVICE_MONITOR(null, Map.of("metrics.serviceMonitor.enabled", "true",
                "auth.existingSecret", "taidon-auth"));

        private final String file;

        private final Map<String, String> extra;

        Values(String file, Map<String, String> extra) {
            this.file = file;
            this.extra = extra;
        }

        /** @return the --set values of this set: {@link #REQUIRED} unless a values file replaces them, plus extras */
        Map<String, String> sets() {
            Map<String, String> sets = new LinkedHashMap<>(this.file == null ? REQUIRED : Map.of());
            sets.putAll(this.extra);
            return sets;
        }
    }

    /**
     * @param values the value set
     * @param sets further {@code --set key=value} pairs, applied last
     * @return the rendered manifests, one YAML stream
     */
    static String render(Values values, Map<String, String> sets) {
        TemplateCommand template = new Helm(DIRECTORY).template().withName(RELEASE).withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
        if (values.file != null) {
            template = template.withValuesFile(DIRECTORY.resolve(values.file));
        }
        for (Map.Entry<String, String> set : values.sets().entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /**
     * @param values the value set
     * @return every rendered object as a tree (empty documents dropped)
     */
    static List<JsonNode> objects(Values values) {
        return objects(render(values, Map.of()));
    }

    /**
     * @param manifests a YAML stream
     * @return its documents as trees, empty ones dropped
     */
    static List<JsonNode> objects(String manifests) {
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (documents.hasNextValue()) {
                JsonNode document = (JsonNode) documents.nextValue();
                if (document != null && document.isObject() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    /**
     * {@code helm lint --strict} of the chart with the given values. helm-java's lint takes no values, so the chart is
     * copied (symbolic links followed, as Helm does) and its values.yaml replaced by the merged values.
     *
     * @param values the value set
     * @param work an empty directory for the copy
     * @return Helm's lint result
     */
    static LintResult lint(Values values, Path work) {
        try {
            Path copy = work.resolve("taidon");
            copyFollowingLinks(DIRECTORY, copy);
            ObjectNode merged = (ObjectNode) YAML.readTree(DIRECTORY.resolve("values.yaml").toFile());
            if (values.file != null) {
                merge(merged, YAML.readTree(DIRECTORY.resolve(values.file).toFile()));
            }
            for (Map.Entry<String, String> set : values.sets().entrySet()) {
                put(merged, set.getKey(), set.getValue());
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param object a rendered object
     * @return its {@code kind}
     */
    static String kind(JsonNode object) {
        return object.path("kind").asString();
    }

    /**
     * @param object a rendered object
     * @return its {@code metadata.name}
     */
    static String name(JsonNode object) {
        return object.path("metadata").path("name").asString();
    }

    private static void merge(ObjectNode target, JsonNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            }
            else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void put(ObjectNode target, String dottedKey, String value) {
        String[] keys = dottedKey.split("\\.");
        ObjectNode node = target;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(keys[i]);
        }
        String last = keys[keys.length - 1];
        if ("true".equals(value) || "false".equals(value)) {
            node.put(last, Boolean.parseBoolean(value));
        }
        else {
            node.put(last, value);
        }
    }

    private static void copyFollowingLinks(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source, FileVisitOption.FOLLOW_LINKS)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(path, destination);
                }
            }
        }
    }

    private static Map<String, String> requiredValues() {
        Map<String, String> required = new LinkedHashMap<>();
        required.put("publicUrl", "https://taidon.example.org");
        required.put("externalDatabase.host", "pg.example.internal");
        required.put("externalDatabase.existingSecret", "taidon-database");
        required.put("externalS3.endpoint", "https://s3.example.internal");
        required.put("externalS3.existingSecret", "taidon-s3");
        return Map.copyOf(required);
    }
}
