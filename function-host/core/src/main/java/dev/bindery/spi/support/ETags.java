package dev.bindery.spi.support;

/**
 * New ETags (64 random bits in hex, mixed with the process's {@link Uniqueness salt}: never reused in practice, also
 * across processes restored from one snapshot) and the check of an ETag a caller passes in.
 */
public final class ETags {

    /** The longest ETag accepted from a caller. */
    public static final int MAX_LENGTH = 128;

    private ETags() {
    }

    public static String next() {
        return Long.toHexString(Uniqueness.nextLong() | Long.MIN_VALUE);
    }

    /** @return null when well-formed, else what is wrong */
    public static String problem(String etag) {
        if (etag.isEmpty()) {
            return "An ETag must not be empty";
        }
        if (etag.length() > MAX_LENGTH) {
            return "An ETag is at most " + MAX_LENGTH + " characters, got " + etag.length();
        }
        for (int i = 0; i < etag.length(); i++) {
            char c = etag.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return "ETag '" + etag + "' is malformed: only letters, digits, '-', '_', '.' and ':' are allowed";
            }
        }
        return null;
    }
}
