package dev.bindery.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Event ids and ETags: random version-4 UUIDs and 64-bit hex, still after the salt is drawn again (a restore). */
class UniquenessTest {

    /**
     * What a restore needs: instances restored from one snapshot make the same random draws (the thread's random state
     * is in the snapshot), and each draws its own salt after the restore, so the same draw gives different values.
     */
    @Test
    void theSameDrawGivesAnotherValueAfterAReseed() {
        long draw = 0x5DEECE66DL;
        Set<Long> mixed = new HashSet<>();
        for (int restore = 0; restore < 100; restore++) {
            Uniqueness.reseed();
            mixed.add(Uniqueness.mix(draw));
        }
        assertThat(mixed).as("one value per salt").hasSize(100);
    }

    @Test
    void idsAreDistinctVersion4UuidsBeforeAndAfterAReseed() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            if (i == 500) {
                Uniqueness.reseed();
            }
            String id = EventIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void etagsAreDistinctBeforeAndAfterAReseed() {
        Set<String> etags = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            if (i == 500) {
                Uniqueness.reseed();
            }
            String etag = ETags.next();
            assertThat(etag).hasSize(16).matches("[0-9a-f]+");
            assertThat(ETags.problem(etag)).isNull();
            etags.add(etag);
        }
        assertThat(etags).hasSize(1000);
    }
}
