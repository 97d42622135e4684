package io.resnextexplorer.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void countsTakeTheUnitThatFitsWithThreeSignificantDigits() {
        assertThat(Units.count(4_228_000_000L)).isEqualTo("4.23 G");
        assertThat(Units.count(12_345_678L)).isEqualTo("12.3 M");
        assertThat(Units.count(25_028_904L)).isEqualTo("25.0 M");
        assertThat(Units.count(512_000L)).isEqualTo("512 K");
        assertThat(Units.count(950L)).isEqualTo("950");
    }

    @Test
    void byteSizesAreBinaryAndSaySo() {
        assertThat(Units.bytes(354_943_000L)).isEqualTo("338.5 MiB");
        assertThat(Units.bytes(120_000L)).isEqualTo("117 KiB");
        assertThat(Units.bytes(900L)).isEqualTo("900 B");
    }

    @Test
    void aSmallButNonZeroProbabilityIsNeverShownAsZero() {
        assertThat(Units.percent(0.0004)).isEqualTo("<0.1%");
        assertThat(Units.percent(0.0)).isEqualTo("0.0%");
        assertThat(Units.percent(0.0005)).isEqualTo("0.1%");
        assertThat(Units.percent(0.871)).isEqualTo("87.1%");
    }
}
