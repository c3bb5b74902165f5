package dev.bindery.secrets.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.databind.JsonNode;

/** SSM Parameter Store: GetParameter and GetParametersByPath (recursive or one level, short pages). */
final class FakeParameterStore extends FakeAwsService {

    static final int PAGE = 2;

    private final NavigableMap<String, String> parameters = new ConcurrentSkipListMap<>();

    FakeParameterStore() {
        super("AmazonSSM");
    }

    /** Creates or overwrites a SecureString parameter. */
    void put(String name, String value) {
        parameters.put(name, value);
    }

    @Override
    protected Answer answer(String operation, JsonNode request) {
        return switch (operation) {
            case "GetParameter" -> getParameter(request);
            case "GetParametersByPath" -> getParametersByPath(request);
            default -> Answer.error(400, "UnknownOperationException", "");
        };
    }

    private Answer getParameter(JsonNode request) {
        String name = request.path("Name").asText();
        String value = parameters.get(name);
        if (value == null) {
            return Answer.error(400, "ParameterNotFound", "");
        }
        boolean decrypt = request.path("WithDecryption").asBoolean(false);
        return Answer.ok(Map.of("Parameter", parameter(name, decrypt ? value : "AQICAHencrypted==")));
    }

    private Answer getParametersByPath(JsonNode request) {
        String path = request.path("Path").asText();
        if (!path.startsWith("/")) {
            return Answer.error(400, "ValidationException", "The parameter doesn't meet the parameter name requirements.");
        }
        String below = path.endsWith("/") ? path : path + "/";
        boolean recursive = request.path("Recursive").asBoolean(false);
        boolean decrypt = request.path("WithDecryption").asBoolean(false);
        List<String> names = parameters.keySet().stream()
                .filter(name -> name.startsWith(below))
                .filter(name -> recursive || name.indexOf('/', below.length()) < 0)
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Parameters", page(names, request, PAGE).stream()
                .map(name -> parameter(name, decrypt ? parameters.get(name) : "AQICAHencrypted=="))
                .toList());
        String next = nextToken(names, request, PAGE);
        if (next != null) {
            answer.put("NextToken", next);
        }
        return Answer.ok(answer);
    }

    private static Map<String, Object> parameter(String name, String value) {
        return Map.of("Name", name, "Type", "SecureString", "Value", value, "Version", 1, "DataType", "text",
                "ARN", "arn:aws:ssm:us-east-1:123456789012:parameter" + (name.startsWith("/") ? "" : "/") + name);
    }
}
