package dev.bindery.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Event ids: random version-4 UUIDs, still after the salt is drawn again (a SnapStart restore). */
class EventIdsTest {

    @Test
    void idsAreDistinctVersion4UuidsBeforeAndAfterAReseed() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            if (i == 500) {
                EventIds.reseed();
            }
            String id = EventIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
