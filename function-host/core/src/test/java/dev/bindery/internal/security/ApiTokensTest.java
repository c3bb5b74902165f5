package dev.bindery.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bindery.security.Caller;
import dev.bindery.testing.MutableClock;

class ApiTokensTest {

    private final MutableClock clock = new MutableClock();
    private final ApiTokens tokens = new ApiTokens(clock);

    private static Authentication accepted(String name) {
        return new Authentication.Accepted(new Caller(Caller.Kind.TOKEN, name, Set.of()));
    }

    @Test
    void noTokensRecogniseNothing() {
        assertThat(tokens.authenticate("anything")).isEqualTo(Authentication.UNRECOGNISED);
        assertThat(tokens.names()).isEmpty();
    }

    @Test
    void aValidTokenProvesACallerOfKindTokenNamedAfterIt() {
        tokens.replace(List.of(new ApiTokens.Token("ci", "ci-secret", null)));

        Authentication result = tokens.authenticate("ci-secret");

        assertThat(result).isEqualTo(accepted("ci"));
        assertThat(((Authentication.Accepted) result).caller().authId()).isEqualTo("token:ci");
    }

    @Test
    void anUnknownTokenIsUnrecognisedSoTheNextAuthenticatorMayKnowIt() {
        tokens.replace(List.of(new ApiTokens.Token("ci", "ci-secret", null)));

        assertThat(tokens.authenticate("ci-secre")).isEqualTo(Authentication.UNRECOGNISED);
        assertThat(tokens.authenticate("ci-secret ")).isEqualTo(Authentication.UNRECOGNISED);
        assertThat(tokens.authenticate("CI-SECRET")).isEqualTo(Authentication.UNRECOGNISED);
        assertThat(tokens.authenticate("")).isEqualTo(Authentication.UNRECOGNISED);
    }

    @Test
    void twoTokensAreValidAtOnceWhileOneIsRotated() {
        tokens.replace(List.of(new ApiTokens.Token("ci-old", "old-secret", clock.instant().plus(Duration.ofHours(1))),
                new ApiTokens.Token("ci-new", "new-secret", null)));

        assertThat(tokens.authenticate("old-secret")).isEqualTo(accepted("ci-old"));
        assertThat(tokens.authenticate("new-secret")).isEqualTo(accepted("ci-new"));

        clock.advance(Duration.ofHours(1));

        assertThat(tokens.authenticate("old-secret")).isInstanceOf(Authentication.Refused.class);
        assertThat(tokens.authenticate("new-secret")).isEqualTo(accepted("ci-new"));
    }

    @Test
    void anExpiredTokenIsRefusedWithTheReasonAndWithoutTheToken() {
        Instant expires = clock.instant().plusSeconds(60);
        tokens.replace(List.of(new ApiTokens.Token("ci", "ci-secret", expires)));

        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.authenticate("ci-secret")).isEqualTo(accepted("ci"));

        clock.advance(Duration.ofSeconds(1));
        Authentication result = tokens.authenticate("ci-secret");

        assertThat(result).isEqualTo(new Authentication.Refused("The API token has expired"));
        assertThat(((Authentication.Refused) result).reason()).doesNotContain("ci-secret");
    }

    @Test
    void replaceSwapsTheWholeSet() {
        tokens.replace(List.of(new ApiTokens.Token("a", "a-secret", null), new ApiTokens.Token("b", "b-secret",
                null)));
        assertThat(tokens.names()).containsExactlyInAnyOrder("a", "b");

        tokens.replace(List.of(new ApiTokens.Token("c", "c-secret", null)));

        assertThat(tokens.names()).containsExactly("c");
        assertThat(tokens.authenticate("a-secret")).isEqualTo(Authentication.UNRECOGNISED);
        assertThat(tokens.authenticate("b-secret")).isEqualTo(Authentication.UNRECOGNISED);
        assertThat(tokens.authenticate("c-secret")).isEqualTo(accepted("c"));

        tokens.replace(List.of());

        assertThat(tokens.names()).isEmpty();
        assertThat(tokens.authenticate("c-secret")).isEqualTo(Authentication.UNRECOGNISED);
    }

    @Test
    void namesIncludeExpiredTokens() {
        tokens.replace(List.of(new ApiTokens.Token("gone", "gone-secret", clock.instant()),
                new ApiTokens.Token("live", "live-secret", null)));

        assertThat(tokens.names()).containsExactlyInAnyOrder("gone", "live");
        assertThat(tokens.authenticate("gone-secret")).isInstanceOf(Authentication.Refused.class);
    }

    @Test
    void aTokenIsComparedWholeWhateverItsCharacters() {
        String unicode = "tøkén-✓-" + "x".repeat(500);
        tokens.replace(List.of(new ApiTokens.Token("long", unicode, null)));

        assertThat(tokens.authenticate(unicode)).isEqualTo(accepted("long"));
        assertThat(tokens.authenticate(unicode.substring(0, unicode.length() - 1))).isEqualTo(
                Authentication.UNRECOGNISED);
    }

    @Test
    void anEmptyTokenIsRefusedAtConfigurationWithItsNameOnly() {
        assertThatThrownBy(() -> new ApiTokens.Token("ci", "  ", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API token 'ci' is empty");
    }

    @Test
    void aConfiguredTokensToStringDoesNotShowItsValue() {
        assertThat(new ApiTokens.Token("ci", "ci-secret", null).toString()).contains("ci")
                .doesNotContain("ci-secret");
    }
}
