package dev.bindery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void eachOutcomeHasItsOwnCode() {
        assertThat(ExitCodes.forStatus(200)).isEqualTo(ExitCodes.SUCCESS);
        assertThat(ExitCodes.forStatus(202)).isEqualTo(ExitCodes.SUCCESS);
        assertThat(ExitCodes.forStatus(400)).isEqualTo(ExitCodes.REJECTED);
        assertThat(ExitCodes.forStatus(401)).isEqualTo(ExitCodes.REJECTED);
        assertThat(ExitCodes.forStatus(403)).isEqualTo(ExitCodes.REJECTED);
        assertThat(ExitCodes.forStatus(422)).isEqualTo(ExitCodes.REJECTED);
        assertThat(ExitCodes.forStatus(404)).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(ExitCodes.forStatus(500)).isEqualTo(ExitCodes.FAILED);
        assertThat(ExitCodes.forStatus(501)).isEqualTo(ExitCodes.FAILED);
        assertThat(ExitCodes.forStatus(503)).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(ExitCodes.forStatus(429)).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(ExitCodes.forStatus(504)).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void theCodesAreDistinct() {
        assertThat(new int[]{ExitCodes.SUCCESS, ExitCodes.ERROR, ExitCodes.USAGE, ExitCodes.REJECTED,
                ExitCodes.NOT_FOUND, ExitCodes.FAILED, ExitCodes.UNREACHABLE}).doesNotHaveDuplicates();
    }
}
