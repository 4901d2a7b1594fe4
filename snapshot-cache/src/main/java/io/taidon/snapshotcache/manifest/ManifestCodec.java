package io.taidon.snapshotcache.manifest;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON form of manifests and their canonical bytes.
 * <p>
 * Canonicalisation (what the Ed25519 signature covers): the manifest's JSON object without its {@code signature}
 * member, with the members of every object sorted by key (UTF-16 code units, as {@link String#compareTo}), arrays in
 * their order, no whitespace, UTF-8, strings escaped as Jackson writes them and integers in plain decimal. It is
 * computed from the parsed stored document, not from the record, so a member added by tampering changes the bytes.
 * This follows the spirit of RFC 8785 (JCS) for the subset of JSON manifests use (no floating-point numbers).
 */
final class ManifestCodec {

    private static final String SIGNATURE = "signature";

    private final JsonMapper mapper = JsonMapper.builder().build();

    byte[] toJson(Manifest manifest) {
        return this.mapper.writeValueAsBytes(manifest);
    }

    JsonNode parse(byte[] json) {
        return this.mapper.readTree(json);
    }

    Manifest fromTree(JsonNode tree) {
        return this.mapper.treeToValue(tree, Manifest.class);
    }

    byte[] canonical(Manifest manifest) {
        return canonical((JsonNode) this.mapper.valueToTree(manifest));
    }

    byte[] canonical(JsonNode document) {
        JsonNode copy = document.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove(SIGNATURE);
        }
        return this.mapper.writeValueAsBytes(sorted(copy));
    }

    private JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>(object.propertyNames());
            names.sort(null);
            ObjectNode result = this.mapper.createObjectNode();
            for (String name : names) {
                result.set(name, sorted(object.get(name)));
            }
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = this.mapper.createArrayNode();
            for (JsonNode element : array) {
                result.add(sorted(element));
            }
            return result;
        }
        return node;
    }
}
