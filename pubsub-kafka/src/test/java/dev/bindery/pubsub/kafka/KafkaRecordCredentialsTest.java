package dev.bindery.pubsub.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.bindery.spi.dispatch.Credentials;

/** The credential a record's headers carry, read like HTTP's headers. */
class KafkaRecordCredentialsTest {

    private static RecordHeaders headers(String... namesAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(UTF_8));
        }
        return headers;
    }

    @Test
    void eachTokenHeaderIsReadWhateverItsCase() {
        assertThat(KafkaRecordCredentials.of(headers("bindery-api-token", "t1", "ce_id", "1")))
                .isEqualTo(new Credentials.Token("t1", Credentials.API_TOKEN));
        assertThat(KafkaRecordCredentials.of(headers("Authorization", "Bearer t2")))
                .isEqualTo(new Credentials.Token("t2", Credentials.AUTHORIZATION));
        assertThat(KafkaRecordCredentials.of(headers("DAPR-API-TOKEN", "t3")))
                .isEqualTo(new Credentials.Token("t3", Credentials.DAPR_API_TOKEN));
    }

    @Test
    void aRecordWithoutATokenHeaderCarriesNone() {
        assertThat(KafkaRecordCredentials.of(headers("ce_specversion", "1.0", "content-type", "application/json")))
                .isEqualTo(Credentials.none());
    }

    @Test
    void anAmbiguousOrMalformedHeaderIsMalformedAndNamesNoValue() {
        Credentials twice = KafkaRecordCredentials.of(headers("bindery-api-token", "t1", "Bindery-Api-Token", "t2"));
        assertThat(twice).isInstanceOf(Credentials.Malformed.class);
        assertThat(twice.toString()).doesNotContain("t1", "t2");
        assertThat(KafkaRecordCredentials.of(headers("bindery-api-token", "t1", "bindery-api-token", "t1")))
                .isEqualTo(new Credentials.Token("t1", Credentials.API_TOKEN));
        assertThat(KafkaRecordCredentials.of(headers("authorization", "Basic dXNlcjpwdw==")))
                .isInstanceOf(Credentials.Malformed.class);
        RecordHeaders empty = new RecordHeaders();
        empty.add("authorization", null);
        assertThat(KafkaRecordCredentials.of(empty)).isInstanceOf(Credentials.Malformed.class);
    }
}
