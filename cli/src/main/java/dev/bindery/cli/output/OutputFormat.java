package dev.bindery.cli.output;

/** How a command prints what the app answered. */
public enum OutputFormat {
    /** Columns of the top-level fields; nested values as compact JSON. */
    table,
    /** The JSON the app answered, indented. */
    json
}
