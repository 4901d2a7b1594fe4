package io.taidon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart renders and lints with Helm, and every object it renders parses strictly as its Kubernetes kind. */
class HelmChartTests {

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldPassStrictLintWhenRenderedWithEachValueSet(Chart.Values values, @TempDir Path work) {
        LintResult lint = Chart.lint(values, work);

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void shouldRefuseToRenderWhenAnImageTagIsLatest() {
        assertThatThrownBy(() -> Chart.render(Chart.Values.PRODUCTION, Map.of("image.tag", "latest")))
            .hasMessageContaining("/image/tag");
        assertThatThrownBy(() -> Chart.render(Chart.Values.MINIKUBE, Map.of("postgresql.image.tag", "latest")))
            .hasMessageContaining("/postgresql/image/tag");
    }

    @ParameterizedTest
    @EnumSource(Chart.Values.class)
    void shouldParseEveryRenderedObjectStrictlyWhenRenderedWithEachValueSet(Chart.Values values) {
        List<JsonNode> objects = Chart.objects(values);

        assertThat(objects).hasSizeGreaterThan(40);
        List<String> problems = objects.stream().flatMap(object -> StrictKubernetes.problems(object).stream()).toList();
        assertThat(problems).isEmpty();
        System.out.printf("%s: %d objects (%s)%n", values, objects.size(), objects.stream()
            .collect(Collectors.groupingBy(Chart::kind, TreeMap::new, Collectors.counting())));
    }

    @Test
    void shouldReportUnknownFieldsWhenAnObjectHasFieldsItsKindDoesNotHave() {
        JsonNode deployment = YAMLMapper.builder().build().readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  selector:
                    matchLabels: {app: typo}
                  template:
                    spec:
                      containers:
                        - name: app
                          image: taidon/gateway:0.1.0
                          readinessProbes: {}
                          resources:
                            limits: {cpu: "1"}
                """);
        JsonNode wrongType = YAMLMapper.builder().build().readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: wrong-type
                spec:
                  replicas: "two"
                """);

        assertThat(StrictKubernetes.problems(deployment)).singleElement().asString()
            .contains("containers[0]", "readinessProbes");
        assertThat(StrictKubernetes.problems(wrongType)).singleElement().asString().contains("replicas");
    }

    @Test
    void shouldRefuseToRenderWhenARequiredValueIsMissing() {
        for (String required : Chart.REQUIRED.keySet()) {
            Map<String, String> withoutIt = new HashMap<>(Chart.REQUIRED);
            withoutIt.put(required, "");
            assertThatThrownBy(() -> Chart.render(Chart.Values.PRODUCTION, withoutIt)).as(required)
                .hasMessageContaining(required);
        }
    }
}
