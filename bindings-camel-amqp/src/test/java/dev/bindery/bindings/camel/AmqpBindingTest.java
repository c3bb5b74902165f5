package dev.bindery.bindings.camel;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The queue contract on AMQP 1.0, against ActiveMQ Artemis started in-process: the same tests as on SQS, with only
 * the binding's options changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmqpBindingTest extends QueueBindingContract {

    EmbeddedActiveMQ broker;
    int port;
    String url;
    Connection connection;

    /** @return what the AMQP acceptor's URL adds to {@code protocols=AMQP} (nothing: plain AMQP) */
    String acceptorParameters() {
        return "";
    }

    /** @return the URL the binding and the test's own client connect with, to the acceptor's port */
    String url(int port) {
        return "amqp://127.0.0.1:" + port;
    }

    @BeforeAll
    void startArtemis() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("artemis");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(false).setBrokerInstance(dir.toFile());
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP" + acceptorParameters());
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        url = url(port);
        connection = new JmsConnectionFactory(url).createConnection();
        connection.start();
    }

    @AfterAll
    void stopArtemis() throws Exception {
        connection.close();
        broker.stop();
    }

    @Override
    String newQueue() throws Exception {
        String queue = super.newQueue();
        broker.getActiveMQServer().createQueue(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST)
                .setAddress(queue).setDurable(false));
        return queue;
    }

    @Override
    String[] options(String queue) {
        return new String[]{"amqp", queue, "url", url};
    }

    @Override
    void send(String queue, String body) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(session.createTextMessage(body));
        }
    }

    @Override
    List<String> receive(String queue, int expected) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            TestHost.await(expected + " messages on " + queue, () -> {
                var message = consumer.receive(500);
                if (message instanceof TextMessage text) {
                    bodies.add(text.getText());
                } else if (message != null) {
                    bodies.add(new String(message.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8));
                }
                return bodies.size() >= expected;
            });
        }
        return bodies;
    }

    @Override
    long unacknowledged(String queue) {
        Queue found = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return found == null ? 0 : found.getMessageCount();
    }

    @Override
    String scheme() {
        return "amqp";
    }

    @Override
    boolean reportsLag() {
        return false;
    }
}
