package dev.bindery.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.Json;

class TableTest {

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void anArrayOfObjectsIsOneColumnPerTopLevelFieldInOrderOfFirstAppearance() throws Exception {
        String table = Table.render(json("""
                [{"name":"greet","route":{"type":"greet"},"retries":0},
                 {"name":"placeOrder","topics":["orders","audit"],"route":null}]"""));

        assertThat(table).isEqualTo(String.join("\n",
                "name        route             retries  topics",
                "greet       {\"type\":\"greet\"}  0        -",
                "placeOrder  -                 -        [\"orders\",\"audit\"]"));
    }

    @Test
    void columnsArePaddedToTheWidestCellAndTheLastIsNot() throws Exception {
        assertThat(Table.render(json("[{\"a\":\"x\",\"b\":\"1\"},{\"a\":\"longer\",\"b\":\"22\"}]")))
                .isEqualTo("a       b\nx       1\nlonger  22");
    }

    @Test
    void aSingleObjectIsFieldValueRows() throws Exception {
        assertThat(Table.render(json("{\"id\":\"o-1\",\"items\":[1,2]}")))
                .isEqualTo("FIELD  VALUE\nid     o-1\nitems  [1,2]");
    }

    @Test
    void anEmptyArraySaysSo() throws Exception {
        assertThat(Table.render(json("[]"))).isEqualTo("(none)");
    }

    @Test
    void anArrayOfScalarsIsOneColumn() throws Exception {
        assertThat(Table.render(json("[\"default\",\"orders\"]"))).isEqualTo("VALUE\ndefault\norders");
    }

    @Test
    void aScalarIsItsText() throws Exception {
        assertThat(Table.render(json("\"hello\""))).isEqualTo("hello");
        assertThat(Table.render(json("42"))).isEqualTo("42");
    }
}
