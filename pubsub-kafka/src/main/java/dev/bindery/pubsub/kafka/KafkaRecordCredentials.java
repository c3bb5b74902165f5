package dev.bindery.pubsub.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import dev.bindery.spi.dispatch.Credentials;

/**
 * Reads the sender's credential from a record's headers, as HTTP carries it: {@code authorization: Bearer <token>},
 * {@code bindery-api-token} or {@code dapr-api-token}. Kafka header names are case-sensitive, HTTP's are not; producers
 * written for HTTP send either case, so the names are matched ignoring case. A name given twice with different values
 * is malformed (which one the sender meant cannot be told); the same value twice is that value.
 */
final class KafkaRecordCredentials {

    private KafkaRecordCredentials() {
    }

    /** @return the credential the headers carry, {@link Credentials#none()} when there is none */
    static Credentials of(Headers headers) {
        Map<String, String> found = new HashMap<>();
        for (Header header : headers) {
            if (!Credentials.carriesCredential(header.key())) {
                continue;
            }
            String name = header.key().toLowerCase(Locale.ROOT);
            String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            String earlier = found.putIfAbsent(name, value);
            if (earlier != null && !Objects.equals(earlier, value)) {
                return new Credentials.Malformed("The record carries several " + name + " headers");
            }
        }
        return found.isEmpty() ? Credentials.none() : Credentials.fromHeaders(found::get);
    }
}
