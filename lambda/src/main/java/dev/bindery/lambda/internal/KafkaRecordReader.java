package dev.bindery.lambda.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.core.message.impl.BaseGenericBinaryMessageReaderImpl;
import io.cloudevents.core.message.impl.GenericStructuredMessageReader;
import io.cloudevents.core.message.impl.MessageUtils;
import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.spi.support.Payloads;

/**
 * Reads a Kafka record, as an MSK event carries it (headers and value decoded), by the CloudEvents Kafka protocol
 * binding: binary mode with {@code ce_} headers and {@code content-type} as {@code datacontenttype}, or structured
 * mode by its content type — or, as on SQS, a structured CloudEvent in the value without a content type.
 */
final class KafkaRecordReader extends BaseGenericBinaryMessageReaderImpl<String, byte[]> {

    private static final String PREFIX = "ce_";
    private static final String CONTENT_TYPE = "content-type";

    private final Map<String, byte[]> headers;

    private KafkaRecordReader(SpecVersion version, Map<String, byte[]> headers, byte[] value) {
        super(version, value.length == 0 ? null : BytesCloudEventData.wrap(value));
        this.headers = headers;
    }

    /** @return the record as a CloudEvent; empty when it is none */
    static Optional<CloudEvent> read(Map<String, byte[]> headers, byte[] value) {
        MessageReader reader;
        try {
            reader = MessageUtils.parseStructuredOrBinaryMessage(() -> header(headers, CONTENT_TYPE),
                    format -> new GenericStructuredMessageReader(format, value),
                    () -> header(headers, PREFIX + "specversion"),
                    version -> new KafkaRecordReader(version, headers, value));
        } catch (CloudEventRWException notACloudEvent) {
            return Payloads.structuredEvent(value);
        }
        return Optional.of(reader.toEvent());
    }

    private static String header(Map<String, byte[]> headers, String name) {
        for (Map.Entry<String, byte[]> header : headers.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return new String(header.getValue(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    protected boolean isContentTypeHeader(String key) {
        return key.equalsIgnoreCase(CONTENT_TYPE);
    }

    @Override
    protected boolean isCloudEventsHeader(String key) {
        return key.length() > PREFIX.length() && key.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    @Override
    protected String toCloudEventsKey(String key) {
        return key.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    }

    @Override
    protected void forEachHeader(BiConsumer<String, byte[]> fn) {
        headers.forEach(fn);
    }

    @Override
    protected String toCloudEventsValue(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
