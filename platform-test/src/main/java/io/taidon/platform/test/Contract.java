package io.taidon.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Recorded interactions with one service's API, kept once as JSON under {@code contracts/<producer>/<name>.json} on
 * this module's classpath and replayed both against a test double (in the consumer's tests) and against the real
 * controller (in the producer's IT), so a change to the real API that the double does not follow fails a build.
 *
 * <p>A contract is {@code {producer, consumers, double, given, interactions: [...]}}; each interaction is
 * <pre>{@code
 * {"name": "...",
 *  "request":  {"method": "POST", "path": "/internal/...${userId}", "headers": {...}, "body": <any JSON>},
 *  "response": {"status": 200, "headers": {"Retry-After": "#present"},
 *               "body": {"/allowed": true, "/limit": "#integer"}, "capture": {"sandboxId": "/sandboxId"}}}
 * }</pre>
 * Interactions run in order, as one scenario. {@code ${name}} in any request string and in any expected string is
 * replaced by a variable: given by the test ({@link #verify(String, Map)}) or captured from an earlier answer
 * ({@code capture}: variable name → JSON Pointer). {@code response.body} maps JSON Pointers (RFC 6901, {@code ""}
 * for the whole body) to what the consumer reads there: a JSON literal (numbers compared by value), or a type
 * marker {@code #string}, {@code #number}, {@code #integer}, {@code #boolean}, {@code #array}, {@code #object},
 * {@code #null}, {@code #none} (null or absent: a consumer that reads both as null), {@code #present} or
 * {@code #absent}. Fields the contract does not name are not checked: a
 * producer may add fields, a double need not play them. A request {@code body} that is a JSON string is sent as
 * that text (for form bodies); anything else is sent as JSON.
 */
public final class Contract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private final String resource;

    private final JsonNode document;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private Contract(String resource, JsonNode document) {
        this.resource = resource;
        this.document = document;
    }

    /**
     * @param producer the service whose API the contract records, e.g. {@code user-profile}
     * @param name the contract's file name without {@code .json}
     * @return the contract at {@code contracts/<producer>/<name>.json}
     * @throws IllegalArgumentException when there is no such contract
     */
    public static Contract load(String producer, String name) {
        String resource = "contracts/" + producer + "/" + name + ".json";
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract " + resource + " on the classpath");
            }
            return new Contract(resource, JSON.readTree(in));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the names of the contract's interactions, in order */
    public List<String> interactions() {
        List<String> names = new ArrayList<>();
        this.document.path("interactions").forEach(interaction -> names.add(interaction.path("name").asString()));
        return names;
    }

    /**
     * Replays every interaction against a server and checks each answer.
     *
     * @param baseUrl the server: a double or the real service, e.g. {@code http://127.0.0.1:8081}
     * @param variables values for {@code ${name}} in the contract (user ids, tokens, ...)
     * @return the variables after the replay, with everything the interactions captured
     * @throws AssertionError naming the contract, the interaction and every difference, when an answer differs
     */
    public Map<String, String> verify(String baseUrl, Map<String, String> variables) {
        Map<String, String> values = new LinkedHashMap<>(variables);
        for (JsonNode interaction : this.document.path("interactions")) {
            List<String> problems = replay(baseUrl, interaction, values);
            if (!problems.isEmpty()) {
                throw new AssertionError(this.resource + " against " + baseUrl + ", interaction \""
                        + interaction.path("name").asString() + "\":\n  " + String.join("\n  ", problems));
            }
        }
        return values;
    }

    private List<String> replay(String baseUrl, JsonNode interaction, Map<String, String> values) {
        JsonNode request = interaction.path("request");
        JsonNode expected = interaction.path("response");
        String method = request.path("method").asString("GET");
        String path = substitute(request.path("path").asString(), values);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        JsonNode body = request.path("body");
        boolean json = !body.isMissingNode() && !body.isString();
        if (json) {
            builder.header("Content-Type", "application/json");
        }
        for (Map.Entry<String, JsonNode> header : request.path("headers").properties()) {
            builder.setHeader(header.getKey(), substitute(header.getValue().asString(), values));
        }
        String text = body.isMissingNode() ? null
                : body.isString() ? substitute(body.asString(), values)
                        : JSON.writeValueAsString(substitute(body, values));
        builder.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            return List.of(method + " " + path + " failed: " + ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return List.of(method + " " + path + " interrupted");
        }
        List<String> problems = new ArrayList<>();
        int status = expected.path("status").asInt();
        if (response.statusCode() != status) {
            problems.add(method + " " + path + ": status " + response.statusCode() + ", expected " + status);
        }
        for (Map.Entry<String, JsonNode> header : expected.path("headers").properties()) {
            String actual = response.headers().firstValue(header.getKey()).orElse(null);
            String problem = check(actual == null ? null : StringNode.valueOf(actual),
                    substitute(header.getValue(), values));
            if (problem != null) {
                problems.add("header " + header.getKey() + ": " + problem);
            }
        }
        JsonNode answer = parse(response.body());
        for (Map.Entry<String, JsonNode> field : expected.path("body").properties()) {
            JsonNode actual = answer == null ? null : answer.at(field.getKey());
            String problem = check(actual == null || actual.isMissingNode() ? null : actual,
                    substitute(field.getValue(), values));
            if (problem != null) {
                problems.add("body " + (field.getKey().isEmpty() ? "(whole)" : field.getKey()) + ": " + problem);
            }
        }
        for (Map.Entry<String, JsonNode> capture : expected.path("capture").properties()) {
            JsonNode value = answer == null ? null : answer.at(capture.getValue().asString());
            if (value == null || value.isMissingNode() || value.isNull()) {
                problems.add("capture " + capture.getKey() + ": nothing at " + capture.getValue().asString());
            }
            else {
                values.put(capture.getKey(), value.isString() ? value.asString() : value.toString());
            }
        }
        if (!problems.isEmpty()) {
            problems.add("answer was: " + abbreviate(response.body()));
        }
        return problems;
    }

    /** @return null when {@code actual} (null: absent) is what {@code expected} asks for, else what differs */
    private static @Nullable String check(@Nullable JsonNode actual, JsonNode expected) {
        if (expected.isString() && expected.asString().startsWith("#")) {
            String marker = expected.asString();
            boolean matches = switch (marker) {
                case "#absent" -> actual == null;
                case "#present" -> actual != null;
                case "#string" -> actual != null && actual.isString();
                case "#number" -> actual != null && actual.isNumber();
                case "#integer" -> actual != null && actual.isIntegralNumber();
                case "#boolean" -> actual != null && actual.isBoolean();
                case "#array" -> actual != null && actual.isArray();
                case "#object" -> actual != null && actual.isObject();
                case "#null" -> actual != null && actual.isNull();
                case "#none" -> actual == null || actual.isNull();
                default -> throw new IllegalArgumentException("unknown type marker " + marker);
            };
            return matches ? null : (actual == null ? "absent" : actual.toString()) + ", expected " + marker;
        }
        if (actual == null) {
            return "absent, expected " + expected;
        }
        boolean equal = actual.isNumber() && expected.isNumber()
                ? actual.decimalValue().compareTo(expected.decimalValue()) == 0 : actual.equals(expected);
        return equal ? null : actual + ", expected " + expected;
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node.isString()) {
            return StringNode.valueOf(substitute(node.asString(), values));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(entry -> copy.set(entry.getKey(), substitute(entry.getValue(), values)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(substitute(element, values)));
            return copy;
        }
        return node;
    }

    private static String substitute(String text, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "} in " + text);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    private static @Nullable JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 400 ? body : body.substring(0, 400) + "…";
    }
}
