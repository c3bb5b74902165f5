package dev.bindery.spi.support;

/** Content-type checks on {@code datacontenttype}. */
public final class MediaTypes {

    public static final String JSON = "application/json";
    public static final String OCTET_STREAM = "application/octet-stream";

    private MediaTypes() {
    }

    /** @return true for JSON and {@code +json} media types, and for a missing content type (CloudEvents' default) */
    public static boolean isJson(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return true;
        }
        int end = contentType.indexOf(';');
        end = end < 0 ? contentType.length() : end;
        while (end > 0 && contentType.charAt(end - 1) == ' ') {
            end--;
        }
        return is(contentType, end, JSON) || is(contentType, end, "text/json")
                || (end >= 5 && contentType.regionMatches(true, end - 5, "+json", 0, 5));
    }

    /** Case-insensitive equality of {@code contentType[0, end)} and {@code expected}, without allocating. */
    private static boolean is(String contentType, int end, String expected) {
        return end == expected.length() && contentType.regionMatches(true, 0, expected, 0, end);
    }
}
