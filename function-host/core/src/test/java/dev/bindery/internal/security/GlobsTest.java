package dev.bindery.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobsTest {

    @Test
    void aNameWithoutAStarMatchesOnlyItself() {
        assertThat(Globs.matches("orders", "orders")).isTrue();
        assertThat(Globs.matches("orders", "orders2")).isFalse();
        assertThat(Globs.matches("orders", "Orders")).isFalse();
        assertThat(Globs.matches("orders", "")).isFalse();
        assertThat(Globs.matches("", "")).isTrue();
    }

    @Test
    void aLoneStarMatchesEverythingIncludingNothing() {
        assertThat(Globs.matches("*", "")).isTrue();
        assertThat(Globs.matches("*", "orders")).isTrue();
        assertThat(Globs.matches("*", "a*b")).isTrue();
        assertThat(Globs.matches("**", "anything")).isTrue();
    }

    @Test
    void aTrailingStarMatchesThePrefix() {
        assertThat(Globs.matches("a*", "a")).isTrue();
        assertThat(Globs.matches("a*", "abc")).isTrue();
        assertThat(Globs.matches("a*", "ba")).isFalse();
        assertThat(Globs.matches("a*", "")).isFalse();
    }

    @Test
    void aLeadingStarMatchesTheSuffix() {
        assertThat(Globs.matches("*b", "b")).isTrue();
        assertThat(Globs.matches("*b", "aab")).isTrue();
        assertThat(Globs.matches("*b", "ba")).isFalse();
        assertThat(Globs.matches("*b", "")).isFalse();
    }

    @Test
    void starsInTheMiddleMatchAnyRunInOrder() {
        assertThat(Globs.matches("a*b*c", "abc")).isTrue();
        assertThat(Globs.matches("a*b*c", "axxbyyc")).isTrue();
        assertThat(Globs.matches("a*b*c", "acb")).isFalse();
        assertThat(Globs.matches("a*b*c", "abcd")).isFalse();
        assertThat(Globs.matches("a*b*c", "ab")).isFalse();
        assertThat(Globs.matches("*a*", "bab")).isTrue();
        assertThat(Globs.matches("*a*", "bbb")).isFalse();
        assertThat(Globs.matches("a**b", "ab")).isTrue();
    }

    @Test
    void thePrefixAndTheSuffixMayNotShareCharacters() {
        assertThat(Globs.matches("a*a", "a")).isFalse();
        assertThat(Globs.matches("a*a", "aa")).isTrue();
        assertThat(Globs.matches("ab*ba", "aba")).isFalse();
        assertThat(Globs.matches("ab*ba", "abba")).isTrue();
        assertThat(Globs.matches("a*b*b", "ab")).isFalse();
        assertThat(Globs.matches("a*b*b", "abb")).isTrue();
        assertThat(Globs.matches("*ab*ab", "ab")).isFalse();
        assertThat(Globs.matches("*ab*ab", "abab")).isTrue();
    }

    @Test
    void aMiddlePartMatchesItsFirstOccurrenceAndTheLastPartTheEnd() {
        assertThat(Globs.matches("a*bc*bc", "abcbc")).isTrue();
        assertThat(Globs.matches("a*b*c", "abcbc")).isTrue();
        assertThat(Globs.matches("*.placed", "com.example.order.placed")).isTrue();
        assertThat(Globs.matches("com.*.placed", "com.placed")).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        assertThat(Globs.matches("a.c*", "abc")).isFalse();
        assertThat(Globs.matches("a.c*", "a.c")).isTrue();
        assertThat(Globs.matches("a+*", "a+b")).isTrue();
        assertThat(Globs.matches("[x]*", "[x]y")).isTrue();
    }

    @Test
    void starsAreCounted() {
        assertThat(Globs.stars("orders")).isZero();
        assertThat(Globs.stars("*")).isEqualTo(1);
        assertThat(Globs.stars("a*b*c")).isEqualTo(2);
    }
}
