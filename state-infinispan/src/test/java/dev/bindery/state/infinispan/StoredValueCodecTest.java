package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.bindery.spi.state.StateBackend.Stored;

class StoredValueCodecTest {

    @Test
    void everyByteValueSurvivesWithTheEtagAndExpiry() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Instant expiry = Instant.ofEpochMilli(1_800_000_000_123L);

        Stored stored = StoredValueCodec.decode(StoredValueCodec.encode(all, "abc123", expiry));

        assertThat(stored.value()).containsExactly(all);
        assertThat(stored.etag()).isEqualTo("abc123");
        assertThat(stored.expiresAt()).isEqualTo(expiry);
        assertThat(StoredValueCodec.etagOf(StoredValueCodec.encode(all, "abc123", null))).isEqualTo("abc123");
    }

    @Test
    void noExpiryAndAnEmptyValueRoundTrip() {
        Stored stored = StoredValueCodec.decode(StoredValueCodec.encode(new byte[0], "e", null));

        assertThat(stored.value()).isEmpty();
        assertThat(stored.expiresAt()).isNull();
    }
}
