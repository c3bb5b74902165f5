package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.jboss.jandex.DotName;
import org.junit.jupiter.api.Test;

import dev.bindery.state.Concurrency;
import dev.bindery.state.SaveOptions;

/** First-write-wins writes found in bytecode: the stores of a class that calls {@code ifAbsent} or {@code ifMatch}, or names {@code FIRST_WRITE}. */
class FirstWriteCallsTest {

    static final class Inserts {
        Object save() {
            return SaveOptions.ifAbsent();
        }
    }

    static final class Compares {
        Object save(String etag) {
            return java.util.Optional.of(etag).map(SaveOptions::ifMatch).orElseThrow();
        }
    }

    static final class Chooses {
        Object save() {
            return SaveOptions.NONE.withConcurrency(Concurrency.FIRST_WRITE);
        }
    }

    static final class Overwrites {
        Object save() {
            return SaveOptions.NONE.withTtl(java.time.Duration.ofMinutes(1));
        }
    }

    @Test
    void theStoresOfClassesCallingIfAbsentOrIfMatchAreFirstWriteStores() {
        Map<String, Set<String>> writers = FirstWriteCalls.stores(Map.of(
                DotName.createSimple(Inserts.class.getName()), Set.of("orders"),
                DotName.createSimple(Compares.class.getName()), Set.of("default", "orders"),
                DotName.createSimple(Chooses.class.getName()), Set.of("carts"),
                DotName.createSimple(Overwrites.class.getName()), Set.of("cache")), getClass().getClassLoader());

        assertThat(writers).containsOnlyKeys("orders", "default", "carts");
        assertThat(writers.get("orders")).containsExactlyInAnyOrder(Inserts.class.getName(), Compares.class.getName());
        assertThat(writers.get("default")).containsExactly(Compares.class.getName());
    }
}
