package dev.bindery.internal.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.state.InvalidStateRequestException;
import dev.bindery.state.StateStore;

class ScopedStateStoreTest {

    @Test
    void aShortKeyLimitNamesTheLimitAndTheOption() {
        StateStore store = new ScopedStateStore("tiny", new InMemoryStateBackend(), KeyScope.none(),
                new ScopedStateStore.Limits(10, 100), new ObjectMapper());

        assertThatThrownBy(() -> store.get("elevenchars"))
                .isInstanceOf(InvalidStateRequestException.class)
                .hasMessage("State key 'elevenchars…' has 11 characters; store 'tiny' accepts at most 10 "
                        + "(bindery.state.tiny.max-key-length)");
    }
}
