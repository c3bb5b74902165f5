package dev.bindery.state;

/** Dapr's concurrency modes for a write. */
public enum Concurrency {
    /** Without an ETag the write replaces whatever is stored; with one it must still match. */
    LAST_WRITE,
    /** The write must match the ETag it carries; without an ETag the key must be absent (insert only). */
    FIRST_WRITE
}
