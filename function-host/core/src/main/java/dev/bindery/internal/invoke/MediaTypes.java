package dev.bindery.internal.invoke;

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
        int semicolon = contentType.indexOf(';');
        String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
        return base.equals(JSON) || base.equals("text/json") || base.endsWith("+json");
    }
}
