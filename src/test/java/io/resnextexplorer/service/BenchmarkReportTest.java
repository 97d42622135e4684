package io.resnextexplorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's statistics: median of the middle, p95 by nearest rank. */
class BenchmarkReportTest {
    @Test
    void oddCountsTakeTheMiddleSampleAsMedian() {
        BenchmarkReport.Stage s = BenchmarkReport.Stage.of("x", new double[] {5, 1, 3});
        assertThat(s.minMs()).isEqualTo(1);
        assertThat(s.medianMs()).isEqualTo(3);
        assertThat(s.p95Ms()).isEqualTo(5);
    }

    @Test
    void evenCountsAverageTheTwoMiddleSamples() {
        BenchmarkReport.Stage s = BenchmarkReport.Stage.of("x", new double[] {4, 1, 3, 2});
        assertThat(s.medianMs()).isEqualTo(2.5);
    }

    @Test
    void p95IsTheNearestRankSoOneSlowRunInTwentyDoesNotCount() {
        double[] samples = new double[20];
        java.util.Arrays.fill(samples, 10);
        samples[7] = 1000;
        assertThat(BenchmarkReport.Stage.of("x", samples).p95Ms()).isEqualTo(10);
        samples[8] = 1000;
        assertThat(BenchmarkReport.Stage.of("x", samples).p95Ms()).isEqualTo(1000);
    }

    @Test
    void theSyntheticImageIsAJpegOfTheAskedSize() throws Exception {
        byte[] jpeg = BenchmarkService.syntheticJpeg(64, 48);
        assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);
        java.awt.image.BufferedImage img =
                javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(48);
    }
}
