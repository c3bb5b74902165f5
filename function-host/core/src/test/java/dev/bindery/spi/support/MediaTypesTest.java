package dev.bindery.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

    @Test
    void jsonIsRecognisedWithParametersAnyCaseAndAsSuffix() {
        assertThat(MediaTypes.isJson(null)).as("CloudEvents' default").isTrue();
        assertThat(MediaTypes.isJson("")).isTrue();
        assertThat(MediaTypes.isJson("application/json")).isTrue();
        assertThat(MediaTypes.isJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(MediaTypes.isJson("text/json")).isTrue();
        assertThat(MediaTypes.isJson("application/vnd.example+json ;v=2")).isTrue();
        assertThat(MediaTypes.isJson("application/jsonp")).isFalse();
        assertThat(MediaTypes.isJson("text/plain")).isFalse();
        assertThat(MediaTypes.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(MediaTypes.isJson("json")).isFalse();
    }

    @Test
    void eventIdsAreVersion4UuidsAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = EventIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
