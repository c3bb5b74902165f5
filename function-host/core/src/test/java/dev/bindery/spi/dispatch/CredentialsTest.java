package dev.bindery.spi.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bindery.security.Caller;

/** How a transport's headers become the credential the security stage verifies. */
class CredentialsTest {

    private static final String SECRET = "s3cr3t-t0ken";

    /** @return the credential of these headers, given as name, value pairs with lower-case names */
    private static Credentials from(String... headers) {
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i], headers[i + 1]);
        }
        return Credentials.fromHeaders(byName::get);
    }

    private static Credentials.Malformed malformed(Credentials credentials) {
        assertThat(credentials).isInstanceOf(Credentials.Malformed.class);
        return (Credentials.Malformed) credentials;
    }

    @Test
    void noHeaderIsNone() {
        assertThat(from()).isEqualTo(Credentials.none()).isInstanceOf(Credentials.None.class);
    }

    @Test
    void aBearerTokenIsReadWhateverTheSchemesCase() {
        for (String scheme : new String[]{"Bearer", "bearer", "BEARER", "bEaReR"}) {
            assertThat(from("authorization", scheme + " " + SECRET))
                    .isEqualTo(new Credentials.Token(SECRET, Credentials.AUTHORIZATION));
        }
    }

    @Test
    void spacesAroundAndBetweenTheSchemeAndTheTokenAreIgnored() {
        assertThat(from("authorization", "  Bearer    " + SECRET + "  "))
                .isEqualTo(new Credentials.Token(SECRET, Credentials.AUTHORIZATION));
    }

    @Test
    void aBearerWithoutATokenIsMalformed() {
        assertThat(malformed(from("authorization", "Bearer")).problem()).contains("exactly one token");
        assertThat(malformed(from("authorization", "Bearer   ")).problem()).contains("exactly one token");
    }

    @Test
    void aBearerWithTwoTokensIsMalformed() {
        assertThat(malformed(from("authorization", "Bearer " + SECRET + " other")).problem())
                .contains("exactly one token").doesNotContain(SECRET).doesNotContain("other");
    }

    @Test
    void anotherSchemeIsMalformedAndNotReadAsAToken() {
        assertThat(malformed(from("authorization", "Basic " + SECRET)).problem())
                .isEqualTo("The Authorization header's scheme is not Bearer");
        assertThat(malformed(from("authorization", "Digest username=\"" + SECRET + "\"")).problem())
                .isEqualTo("The Authorization header's scheme is not Bearer");
        assertThat(malformed(from("authorization", "Bearer" + SECRET)).problem())
                .isEqualTo("The Authorization header's scheme is not Bearer");
    }

    @Test
    void anAuthorizationHeaderOfAnotherSchemeIsMalformedEvenWithAValidApiTokenHeader() {
        assertThat(from("authorization", "Basic dXNlcjpwYXNz", Credentials.API_TOKEN, SECRET))
                .isInstanceOf(Credentials.Malformed.class);
    }

    @Test
    void anEmptyAuthorizationHeaderIsMalformed() {
        assertThat(malformed(from("authorization", "")).problem()).isEqualTo("The Authorization header is empty");
        assertThat(malformed(from("authorization", "   ")).problem()).isEqualTo("The Authorization header is empty");
    }

    @Test
    void theApiTokenHeadersAreReadWithTheirCarrier() {
        assertThat(from(Credentials.API_TOKEN, SECRET)).isEqualTo(new Credentials.Token(SECRET,
                Credentials.API_TOKEN));
        assertThat(from(Credentials.DAPR_API_TOKEN, " " + SECRET + " ")).isEqualTo(new Credentials.Token(SECRET,
                Credentials.DAPR_API_TOKEN));
    }

    @Test
    void anEmptyApiTokenHeaderIsMalformed() {
        assertThat(malformed(from(Credentials.API_TOKEN, "")).problem()).isEqualTo("The bindery-api-token header is "
                + "empty");
        assertThat(malformed(from(Credentials.DAPR_API_TOKEN, "  ")).problem()).isEqualTo("The dapr-api-token "
                + "header is empty");
        assertThat(from("authorization", "Bearer " + SECRET, Credentials.DAPR_API_TOKEN, ""))
                .isInstanceOf(Credentials.Malformed.class);
    }

    @Test
    void twoHeadersWithTheSameTokenAreOneCredentialFromTheFirstCarrier() {
        assertThat(from("authorization", "Bearer " + SECRET, Credentials.API_TOKEN, SECRET,
                Credentials.DAPR_API_TOKEN, SECRET)).isEqualTo(new Credentials.Token(SECRET,
                        Credentials.AUTHORIZATION));
        assertThat(from(Credentials.API_TOKEN, SECRET, Credentials.DAPR_API_TOKEN, SECRET))
                .isEqualTo(new Credentials.Token(SECRET, Credentials.API_TOKEN));
    }

    @Test
    void twoHeadersWithDifferentTokensAreMalformedWithoutQuotingEither() {
        String other = "another-t0ken";
        assertThat(malformed(from("authorization", "Bearer " + SECRET, Credentials.API_TOKEN, other)).problem())
                .isEqualTo("The authorization and bindery-api-token headers carry different tokens");
        assertThat(malformed(from(Credentials.API_TOKEN, SECRET, Credentials.DAPR_API_TOKEN, other)).problem())
                .isEqualTo("The bindery-api-token and dapr-api-token headers carry different tokens");
        assertThat(from("authorization", "Bearer " + SECRET, Credentials.API_TOKEN, SECRET,
                Credentials.DAPR_API_TOKEN, other)).isInstanceOf(Credentials.Malformed.class);
    }

    @Test
    void aMalformedCredentialNeverContainsThePresentedValue() {
        String[][] presented = {
                {"authorization", "Basic " + SECRET},
                {"authorization", SECRET},
                {"authorization", "Bearer " + SECRET + " " + SECRET},
                {"authorization", "Token " + SECRET},
                {"authorization", "Bearer " + SECRET, Credentials.API_TOKEN, SECRET + "x"},
                {Credentials.API_TOKEN, SECRET, Credentials.DAPR_API_TOKEN, "x" + SECRET}};
        for (String[] headers : presented) {
            Credentials credentials = from(headers);
            assertThat(malformed(credentials).problem()).as("%s", (Object) headers).doesNotContain(SECRET);
            assertThat(credentials.toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void aTokensToStringShowsItsCarrierButNotTheToken() {
        Credentials.Token token = new Credentials.Token(SECRET, Credentials.API_TOKEN);

        assertThat(token.toString()).doesNotContain(SECRET).contains(Credentials.API_TOKEN);
        assertThat(token.token()).isEqualTo(SECRET);
    }

    @Test
    void aVerifiedCallerIsKeptAsItIs() {
        Caller caller = Caller.app("orders");

        assertThat(Credentials.verified(caller)).isEqualTo(new Credentials.Verified(caller));
    }
}
