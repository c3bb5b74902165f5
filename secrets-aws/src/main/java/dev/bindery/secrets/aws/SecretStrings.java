package dev.bindery.secrets.aws;

import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Reads a Secrets Manager {@code SecretString}: a JSON object is the secret's keys, anything else one value. */
final class SecretStrings {

    private SecretStrings() {
    }

    /**
     * @return a JSON object's keys and values (strings as they are, numbers, booleans, arrays and objects as their JSON
     *         text, nulls left out), or else {@code name} → the whole text
     */
    static Map<String, String> keys(String name, String secretString) {
        if (secretString.stripLeading().startsWith("{")) {
            JsonNode json = parseOrNull(secretString);
            if (json != null && json.isObject()) {
                Map<String, String> keys = new TreeMap<>();
                json.asObject().forEach((key, value) -> {
                    if (!value.isNull()) {
                        keys.put(key, value.isString() ? value.asString() : value.toString());
                    }
                });
                return keys;
            }
        }
        return Map.of(name, secretString);
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return JsonNode.parser().parse(text);
        } catch (RuntimeException notJson) {
            // the parser's message quotes the text, which is the secret: a text that is no JSON object is one value
            return null;
        }
    }
}
