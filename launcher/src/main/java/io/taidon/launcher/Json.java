package io.taidon.launcher;

import java.util.Map;

/** Writes the flat string-to-string JSON objects the launcher hands to services in {@code SPRING_APPLICATION_JSON}. */
final class Json {

    private Json() {
    }

    /**
     * @param properties dotted Spring property names and their values
     * @return a JSON object (RFC 8259) with one member per property
     */
    static String object(Map<String, String> properties) {
        StringBuilder json = new StringBuilder("{");
        properties.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, name);
            json.append(':');
            string(json, value);
        });
        return json.append('}').toString();
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
