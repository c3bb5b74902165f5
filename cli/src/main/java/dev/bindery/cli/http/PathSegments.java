package dev.bindery.cli.http;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one path segment of a URI (RFC 3986 {@code pchar}): a state key or a topic name may hold {@code /},
 * spaces or non-ASCII characters, which must not change the path. {@code URLEncoder} is for forms ({@code +} for a
 * space), so it does not fit.
 */
public final class PathSegments {

    private static final String ALLOWED = "-._~!$&'()*+,;=:@";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /** @return the segment with every character outside {@code pchar} percent-encoded as UTF-8 */
    public static String encode(String segment) {
        StringBuilder encoded = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ALLOWED.indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return encoded.toString();
    }
}
