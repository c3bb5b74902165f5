package dev.bindery.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.state.StateStore;

class KeyScopeTest {

    @Test
    void keysAreStoredUnderTheApplicationOrAFixedPrefixOrAsGiven() {
        InMemoryStateBackend backend = new InMemoryStateBackend();
        ObjectMapper mapper = new ObjectMapper();
        StateStore app = new ScopedStateStore("s", backend, KeyScope.prefixed("billing"), ScopedStateStore.Limits.DEFAULT,
                mapper);
        StateStore shared = new ScopedStateStore("s", backend, KeyScope.prefixed("shared"), ScopedStateStore.Limits.DEFAULT,
                mapper);
        StateStore raw = new ScopedStateStore("s", backend, KeyScope.none(), ScopedStateStore.Limits.DEFAULT, mapper);

        app.save("k", 1);
        shared.save("k", 2);
        raw.save("k", 3);

        assertThat(backend.get("billing||k")).isPresent();
        assertThat(backend.get("shared||k")).isPresent();
        assertThat(backend.get("k")).isPresent();
        assertThat(app.get("k").orElseThrow().value(Integer.class)).isEqualTo(1);
        assertThat(shared.get("k").orElseThrow().value(Integer.class)).isEqualTo(2);
        assertThat(raw.get("k").orElseThrow().value(Integer.class)).isEqualTo(3);
    }

    @Test
    void aPrefixMustNotHoldTheSeparator() {
        assertThatThrownBy(() -> KeyScope.prefixed("a||b")).hasMessageContaining("must not contain '||'");
        assertThatThrownBy(() -> KeyScope.prefixed("")).hasMessageContaining("non-empty");
    }
}
