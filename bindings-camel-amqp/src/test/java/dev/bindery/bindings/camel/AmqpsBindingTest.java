package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import dev.bindery.binding.BindingException;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.testing.TestCertificates;

/**
 * The queue contract again, over AMQP on TLS ({@code amqps}): Artemis' acceptor serves a certificate made for the run,
 * and the binding's {@code url} carries Qpid JMS' {@code transport.trustStore*} options, so TLS needs no option of the
 * binding's own. A binding whose URL lacks the trust store fails the handshake.
 */
class AmqpsBindingTest extends AmqpBindingTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.in(TestCertificates.perRun("amqps"));

    @Override
    String acceptorParameters() {
        return ";sslEnabled=true;keyStoreType=PKCS12;keyStorePath=" + CERTIFICATES.keyStore() + ";keyStorePassword="
                + CERTIFICATES.password();
    }

    @Override
    String url(int port) {
        return "amqps://127.0.0.1:" + port + "?transport.trustStoreType=PKCS12&transport.trustStoreLocation="
                + URLEncoder.encode(CERTIFICATES.trustStore().toString(), StandardCharsets.UTF_8)
                + "&transport.trustStorePassword=" + CERTIFICATES.password();
    }

    @Test
    void aBindingWithoutTheTrustStoreFailsTheHandshake() throws Exception {
        String queue = newQueue();
        BindingsEngine engine = start(new TestHost().binding("outbox", "amqp", queue, "url", "amqps://127.0.0.1:"
                + port));

        Throwable thrown = catchThrowable(() -> engine.invoke("outbox", "send", Map.of("sku", "A-1"), Map.of()));

        assertThat(thrown).isInstanceOf(BindingException.class);
        assertThat(Stream.iterate(thrown, Objects::nonNull, Throwable::getCause))
                .anyMatch(SSLHandshakeException.class::isInstance);
        assertThat(unacknowledged(queue)).isZero();
    }
}
