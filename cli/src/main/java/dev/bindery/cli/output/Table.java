package dev.bindery.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.Json;

/**
 * Renders JSON as a text table: an array of objects as one row per object and one column per top-level field (in
 * the order fields first appear), a scalar as its text, a nested object or array as compact JSON, a missing or null
 * field as {@code -}; a single object as {@code FIELD VALUE} rows; an empty array as {@code (none)}.
 */
public final class Table {

    static final String MISSING = "-";
    private static final String GAP = "  ";

    private Table() {
    }

    /** @return the value as a table (no trailing newline) */
    public static String render(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "(nothing)";
        }
        if (value.isArray()) {
            if (value.isEmpty()) {
                return "(none)";
            }
            List<String> columns = columns(value);
            if (columns.isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                value.forEach(element -> rows.add(List.of(cell(element))));
                return format(List.of("VALUE"), rows);
            }
            List<List<String>> rows = new ArrayList<>();
            value.forEach(element -> rows.add(row(element, columns)));
            return format(columns, rows);
        }
        if (value.isObject()) {
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                rows.add(List.of(field.getKey(), cell(field.getValue())));
            }
            return format(List.of("FIELD", "VALUE"), rows);
        }
        return cell(value);
    }

    /** @return the columns of an array of objects: every top-level field name, in order of first appearance */
    public static List<String> columns(JsonNode array) {
        Set<String> names = new LinkedHashSet<>();
        array.forEach(element -> element.fieldNames().forEachRemaining(names::add));
        return List.copyOf(names);
    }

    /** @return one object's cells for these columns */
    public static List<String> row(JsonNode element, List<String> columns) {
        List<String> cells = new ArrayList<>(columns.size());
        for (String column : columns) {
            cells.add(element.isObject() ? cell(element.get(column)) : MISSING);
        }
        return cells;
    }

    /** @return a scalar's text, a nested value's compact JSON, {@code -} for nothing */
    public static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return MISSING;
        }
        return value.isContainerNode() ? Json.compact(value) : value.asText();
    }

    /** @return the header and rows with each column padded to its widest cell */
    public static String format(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        for (List<String> row : rows) {
            text.append('\n');
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(GAP);
            }
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        text.append(line);
    }
}
