package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActorKeyGrouperTest {

    private final ActorKeyGrouper grouper = new ActorKeyGrouper();

    @Test
    void aKeyWithThreeOrMoreSeparatorsIsGroupedByItsFirstThreeParts() {
        assertThat(grouper.computeGroup("app||Cart||42||items", null)).isEqualTo("app||Cart||42");
        assertThat(grouper.computeGroup("app||Cart||42||$lease", null)).isEqualTo("app||Cart||42");
        assertThat(grouper.computeGroup("app||Cart||42||$reminder||nightly", null)).isEqualTo("app||Cart||42");
        assertThat(grouper.computeGroup("app||Cart||42||", null)).isEqualTo("app||Cart||42");
        assertThat(grouper.computeGroup("||||||x", null)).isEqualTo("||||");
    }

    @Test
    void aKeyWithFewerSeparatorsKeepsTheGroupItCameWith() {
        Object given = new Object();
        for (String key : new String[]{"order", "app||order", "bindery-outbox||app||id", "app||Cart||42", "a|b|c|d",
                "a|||b"}) {
            assertThat(grouper.computeGroup(key, null)).as(key).isNull();
            assertThat(grouper.computeGroup(key, given)).as(key).isSameAs(given);
        }
    }

    @Test
    void itGroupsStringKeys() {
        assertThat(grouper.getKeyType()).isEqualTo(String.class);
    }
}
