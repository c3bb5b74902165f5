package dev.bindery.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.utils.SdkAutoCloseable;

class LazyClientTest {

    private final AtomicInteger built = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final LazyClient<SdkAutoCloseable> client = new LazyClient<>(() -> {
        built.incrementAndGet();
        return closed::incrementAndGet;
    });

    @Test
    void theClientIsBuiltOnItsFirstUseOnce() {
        assertThat(built).hasValue(0);

        SdkAutoCloseable first = client.get();

        assertThat(client.get()).isSameAs(first);
        assertThat(built).hasValue(1);
    }

    @Test
    void closingAStoreThatWasNeverReadBuildsNothing() {
        client.close();

        assertThat(built).hasValue(0);
        assertThat(closed).hasValue(0);
        assertThatThrownBy(client::get).isInstanceOf(IllegalStateException.class).hasMessage("The store is closed");
    }

    @Test
    void closingClosesTheBuiltClient() {
        client.get();

        client.close();

        assertThat(closed).hasValue(1);
    }
}
