package io.taidon.gateway.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a service's OpenAPI 3 document into the public one the gateway shows: only the paths the gateway routes
 * ({@code /api/**} but not {@code /api/internal/**}, the JWKS, the OIDC callback), {@code servers} replaced by the
 * gateway itself ({@code [{"url": "/"}]}, relative, so no service host or port appears), and the
 * {@code components.schemas} no remaining operation refers to dropped (they would describe internal payloads).
 */
public final class PublicApiDocs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern SCHEMA_REF = Pattern.compile("\"#/components/schemas/([^\"]+)\"");

    private PublicApiDocs() {
    }

    /**
     * @param path an OpenAPI path key, e.g. {@code /api/sandboxes/{id}}
     * @return whether the gateway routes it
     */
    static boolean isPublic(String path) {
        return (path.startsWith("/api/") && !path.startsWith("/api/internal")) || path.equals("/.well-known/jwks.json")
                || path.startsWith("/login/oauth2/code/");
    }

    /**
     * @param document a service's OpenAPI document (JSON)
     * @return the public document (JSON); a body that is not a JSON object is replaced by an empty object
     */
    public static String publicOnly(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        }
        catch (JacksonException ex) {
            return "{}";
        }
        if (!(root instanceof ObjectNode doc)) {
            return "{}";
        }
        doc.putArray("servers").addObject().put("url", "/").put("description", "Taidon gateway");
        if (doc.get("paths") instanceof ObjectNode paths) {
            List<String> hidden = new ArrayList<>();
            paths.propertyNames().forEach(path -> {
                if (!isPublic(path)) {
                    hidden.add(path);
                }
            });
            paths.remove(hidden);
        }
        if (doc.get("components") instanceof ObjectNode components
                && components.get("schemas") instanceof ObjectNode schemas) {
            components.remove("schemas");
            Set<String> used = new HashSet<>(refs(doc.toString()));
            List<String> pending = new ArrayList<>(used);
            while (!pending.isEmpty()) {
                JsonNode schema = schemas.get(pending.remove(pending.size() - 1));
                if (schema != null) {
                    for (String ref : refs(schema.toString())) {
                        if (used.add(ref)) {
                            pending.add(ref);
                        }
                    }
                }
            }
            List<String> unused = new ArrayList<>();
            schemas.propertyNames().forEach(name -> {
                if (!used.contains(name)) {
                    unused.add(name);
                }
            });
            schemas.remove(unused);
            components.set("schemas", schemas);
        }
        return doc.toString();
    }

    private static List<String> refs(String json) {
        List<String> names = new ArrayList<>();
        Matcher matcher = SCHEMA_REF.matcher(json);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
