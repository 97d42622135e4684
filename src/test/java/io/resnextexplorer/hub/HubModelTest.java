package io.resnextexplorer.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HubModelTest {
    @Test
    void cardIdsMapToTheirHubReposAndLicences() throws Exception {
        assertThat(HubModel.resolve("resnext50_32x4d").repo())
                .isEqualTo("timm/resnext50_32x4d.ra_in1k");
        assertThat(HubModel.resolve("resnext50d_32x4d").repo())
                .isEqualTo("timm/resnext50d_32x4d.bt_in1k");
        assertThat(HubModel.resolve("resnext101_32x8d").repo())
                .isEqualTo("timm/resnext101_32x8d.tv_in1k");
        assertThat(HubModel.resolve("tv_resnext50_32x4d").repo())
                .isEqualTo("timm/resnext50_32x4d.tv_in1k");
        assertThat(HubModel.cardIds()).hasSize(4);
        assertThat(HubModel.resolve("resnext50_32x4d").card().license()).isEqualTo("apache-2.0");
        assertThat(HubModel.resolve("resnext50d_32x4d").card().license()).isEqualTo("apache-2.0");
        assertThat(HubModel.resolve("resnext101_32x8d").card().license()).isEqualTo("bsd-3-clause");
        assertThat(HubModel.resolve("tv_resnext50_32x4d").card().license())
                .isEqualTo("bsd-3-clause");
    }

    @Test
    void aCardsOwnRepoNameIsTheCard() throws Exception {
        assertThat(HubModel.resolve("resnext50_32x4d.tv_in1k").id())
                .isEqualTo("tv_resnext50_32x4d");
        assertThat(HubModel.resolve("timm/resnext50_32x4d.ra_in1k").id())
                .isEqualTo("resnext50_32x4d");
    }

    @Test
    void otherResNetsNeedATag() throws Exception {
        HubModel m = HubModel.resolve("resnet50d.a1_in1k");
        assertThat(m.repo()).isEqualTo("timm/resnet50d.a1_in1k");
        assertThat(m.card()).isNull();
        assertThatThrownBy(() -> HubModel.resolve("resnet50"))
                .hasMessageContaining("needs a pretrained tag");
    }

    @Test
    void anythingElseIsSentToTheExporter() {
        assertThatThrownBy(() -> HubModel.resolve("convnext_tiny.in12k_ft_in1k"))
                .hasMessageContaining("not supported")
                .hasMessageContaining("use onnx-export");
    }
}
