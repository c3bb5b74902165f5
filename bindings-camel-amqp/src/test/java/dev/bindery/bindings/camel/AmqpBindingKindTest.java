package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the amqp short form expands to a Camel endpoint on the binding's own connection factory. */
class AmqpBindingKindTest {

    @RegisterExtension
    static final KindEndpoints endpoints = new KindEndpoints();

    @Test
    void aQueueIsReadWithClientAcknowledgeThroughTheBindingsConnectionFactory() {
        JmsEndpoint input = endpoints.input(JmsEndpoint.class, "jobs", "amqp", "jobs", "url", "amqp://broker:5672",
                "username", "u", "password", "p&w)");

        assertThat(input.getDestinationName()).isEqualTo("jobs");
        assertThat(input.getConfiguration().getAcknowledgementModeName()).isEqualTo("CLIENT_ACKNOWLEDGE");
        ConnectionFactory factory = input.getConfiguration().getConnectionFactory();
        assertThat(factory).isInstanceOf(JmsConnectionFactory.class);
        assertThat(((JmsConnectionFactory) factory).getRemoteURI()).isEqualTo("amqp://broker:5672");
        assertThat(((JmsConnectionFactory) factory).getPassword()).isEqualTo("p&w)");
    }

    @Test
    void theBrokersUrlMustBeGiven() {
        assertThatThrownBy(() -> KindEndpoints.spec("b", "amqp", "q"))
                .hasMessage("bindery.bindings.b.url is missing: the AMQP broker, such as amqp://localhost:5672");
    }
}
