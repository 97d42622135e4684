package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What --version and --help tell a user. */
class CliUsageTest {
    @Test
    void versionIsTheProjectVersionFromTheBuild() {
        // Surefire passes the pom's version; the resource was filtered from the same pom.
        String expected = System.getProperty("project.version");
        assertThat(expected).isNotBlank();

        CliRunner r = CliRunner.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("ResNeXt Explorer " + expected);
    }

    @Test
    void topLevelHelpSaysThatNoSubcommandOpensTheWindow() {
        CliRunner r = CliRunner.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("without a subcommand to open the window");
    }

    @Test
    void classifyHelpDescribesFoldersAndListFiles() {
        CliRunner r = CliRunner.run("classify", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("IMAGE|FOLDER").contains("--from-file=LIST");
    }
}
