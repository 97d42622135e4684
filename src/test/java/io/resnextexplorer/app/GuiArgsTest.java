package io.resnextexplorer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuiArgsTest {
    @Test
    void subcommandsGoToTheCliEverythingElseOpensTheWindow() {
        assertThat(GuiArgs.isCli(new String[] {"classify", "--model", "m.onnx", "a.jpg"})).isTrue();
        assertThat(GuiArgs.isCli(new String[] {"info"})).isTrue();
        assertThat(GuiArgs.isCli(new String[] {"pull", "resnext50_32x4d"})).isTrue();
        assertThat(GuiArgs.isCli(new String[] {"--help"})).isTrue();
        assertThat(GuiArgs.isCli(new String[] {"--version"})).isTrue();
        assertThat(GuiArgs.isCli(new String[] {})).isFalse();
        assertThat(GuiArgs.isCli(new String[] {"--models", "dir"})).isFalse();
        assertThat(GuiArgs.isCli(new String[] {"cat.jpg"})).isFalse();
    }

    @Test
    void everySubcommandTheCliHasMakesTheJarTheCli() {
        assertThat(io.resnextexplorer.cli.Cli.subcommandNames()).contains("bench");
        for (String name : io.resnextexplorer.cli.Cli.subcommandNames()) {
            assertThat(GuiArgs.isCli(new String[] {name})).as(name).isTrue();
        }
    }

    @Test
    void parsesModelsFolderAndImages() {
        GuiArgs a = GuiArgs.parse(List.of("--models", "/m", "a.jpg", "b.png"));
        assertThat(a.modelsDir()).isEqualTo(Path.of("/m"));
        assertThat(a.images()).containsExactly(Path.of("a.jpg"), Path.of("b.png"));
        assertThat(GuiArgs.parse(List.of()).modelsDir()).isNull();
        assertThatThrownBy(() -> GuiArgs.parse(List.of("--models")))
                .hasMessageContaining("needs a folder");
        assertThatThrownBy(() -> GuiArgs.parse(List.of("--bogus")))
                .hasMessageContaining("unknown option");
    }
}
