package dev.bindery.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fuzz input read as a message: a first line, header lines ({@code name: value}), an empty line, the body. Seed
 * files stay readable and libFuzzer mutates every part. Whatever the bytes, this reads something: a line without a
 * colon is a header with an empty value, and without an empty line everything after the first line is headers.
 */
public record FuzzInputs(String firstLine, Map<String, String> headers, byte[] body) {

    public static FuzzInputs read(byte[] input) {
        int end = indexOf(input, new byte[]{'\n', '\n'});
        String head = new String(end < 0 ? input : Arrays.copyOf(input, end), UTF_8);
        byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(input, end + 2, input.length);
        String[] lines = head.split("\n", -1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? lines[i] : lines[i].substring(0, colon);
            String value = colon < 0 ? "" : lines[i].substring(colon + 1).strip();
            headers.put(name.strip(), value);
        }
        return new FuzzInputs(lines[0].strip(), headers, body);
    }

    private static int indexOf(byte[] input, byte[] what) {
        for (int i = 0; i + what.length <= input.length; i++) {
            if (Arrays.equals(input, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
