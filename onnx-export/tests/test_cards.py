"""Card ids resolve to explicit timm tags; other names pass through."""

import pytest

from resnext_export.cards import CARDS, resolve


@pytest.mark.parametrize(
    ("card_id", "full_name"),
    [
        ("resnext101_32x8d", "resnext101_32x8d.tv_in1k"),
        ("resnext50_32x4d", "resnext50_32x4d.ra_in1k"),
        ("resnext50d_32x4d", "resnext50d_32x4d.bt_in1k"),
        ("tv_resnext50_32x4d", "resnext50_32x4d.tv_in1k"),
    ],
)
def test_card_id_maps_to_tagged_timm_name(card_id: str, full_name: str) -> None:
    spec = resolve(card_id)
    assert spec.model_id == card_id
    assert spec.timm_full_name == full_name
    assert spec.card is CARDS[card_id]


def test_plain_resnext50_is_the_card_not_timms_default_a1h() -> None:
    assert resolve("resnext50_32x4d").timm_tag == "ra_in1k"


def test_timm_name_with_tag_passes_through() -> None:
    spec = resolve("resnext50_32x4d.a1h_in1k")
    assert (spec.model_id, spec.timm_name, spec.timm_tag, spec.card) == (
        "resnext50_32x4d.a1h_in1k",
        "resnext50_32x4d",
        "a1h_in1k",
        None,
    )


def test_timm_name_without_tag_has_empty_tag() -> None:
    spec = resolve("resnet18")
    assert spec.timm_full_name == "resnet18" and spec.timm_tag == ""


def test_card_figures_are_the_published_ones() -> None:
    card = CARDS["resnext50_32x4d"].to_metadata()
    assert card == {
        "params": 25_030_000,
        "flops": 5_472_648_192,
        "file_size": 100_435_887,
        "top1": 79.79,
        "top5": 94.61,
        "source": "published on timm's model card (huggingface.co/timm/resnext50_32x4d.ra_in1k)",
    }
