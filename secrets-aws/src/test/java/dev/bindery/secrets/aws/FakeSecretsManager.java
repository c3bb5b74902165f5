package dev.bindery.secrets.aws;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Secrets Manager: GetSecretValue (the AWSCURRENT and AWSPREVIOUS labels; a rotation moves the current version to
 * previous) and ListSecrets, whose pages are short, as the real one's may be.
 */
final class FakeSecretsManager extends FakeAwsService {

    static final int PAGE = 2;

    /** A version of a secret: a SecretString or a SecretBinary. */
    private record Version(String string, byte[] binary) {
    }

    private final NavigableMap<String, Version> current = new ConcurrentSkipListMap<>();
    private final Map<String, Version> previous = new ConcurrentSkipListMap<>();

    FakeSecretsManager() {
        super("secretsmanager");
    }

    /** Creates a secret, or rotates it: the version it had becomes AWSPREVIOUS. */
    void putString(String name, String secretString) {
        put(name, new Version(secretString, null));
    }

    void putBinary(String name, byte[] secretBinary) {
        put(name, new Version(null, secretBinary));
    }

    private void put(String name, Version version) {
        Version old = current.put(name, version);
        if (old != null) {
            previous.put(name, old);
        }
    }

    @Override
    protected Answer answer(String operation, JsonNode request) {
        return switch (operation) {
            case "GetSecretValue" -> getSecretValue(request);
            case "ListSecrets" -> listSecrets(request);
            default -> Answer.error(400, "UnknownOperationException", "");
        };
    }

    private Answer getSecretValue(JsonNode request) {
        String name = request.path("SecretId").asText();
        String stage = request.path("VersionStage").asText("AWSCURRENT");
        Version version = switch (stage) {
            case "AWSCURRENT" -> current.get(name);
            case "AWSPREVIOUS" -> previous.get(name);
            default -> null;
        };
        if (version == null) {
            return Answer.error(400, "ResourceNotFoundException",
                    current.containsKey(name)
                            ? "Secrets Manager can't find the specified secret value for staging label: "
                                    + stage
                            : "Secrets Manager can't find the specified secret.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ARN", arn(name));
        answer.put("Name", name);
        answer.put("VersionId", Integer.toHexString(version.hashCode()));
        if (version.string() != null) {
            answer.put("SecretString", version.string());
        } else {
            answer.put("SecretBinary", Base64.getEncoder().encodeToString(version.binary()));
        }
        answer.put("VersionStages", List.of(stage));
        answer.put("CreatedDate", 1.7e9);
        return Answer.ok(answer);
    }

    private Answer listSecrets(JsonNode request) {
        List<String> names = new ArrayList<>(current.keySet());
        List<Map<String, Object>> page = page(names, request, PAGE).stream()
                .map(name -> Map.<String, Object>of("ARN", arn(name), "Name", name))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("SecretList", page);
        String next = nextToken(names, request, PAGE);
        if (next != null) {
            answer.put("NextToken", next);
        }
        return Answer.ok(answer);
    }

    private static String arn(String name) {
        return "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf";
    }
}
