"""The reference ResNeXt variants ("cards"), with the figures published on timm's model cards.

A card id is a stable, product-facing name. It maps to a timm model name *with* an explicit
pretrained tag, because timm's default tag for an architecture can change between releases
(plain ``resnext50_32x4d`` resolves to ``.a1h_in1k`` in timm 1.0.29, not the card's ``.ra_in1k``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any



@dataclass(frozen=True)
class Card:
    """Published figures of one card, exactly as the card states them.

    ``flops`` is the card's own figure and convention; our measured counts (``source_macs``)
    are reported next to it, never instead of it.
    """

    card_id: str
    timm_name: str
    timm_tag: str
    params: int
    flops: int
    file_size: int
    top1: float
    top5: float

    @property
    def source(self) -> str:
        """Where the figures come from, as a user can look it up."""
        return (
            "published on timm's model card"
            f" (huggingface.co/timm/{self.timm_name}.{self.timm_tag})"
        )

    def to_metadata(self) -> dict[str, Any]:
        """The ``resnext_explorer.card`` JSON object (see docs/metadata-schema.md)."""
        return {
            "params": self.params,
            "flops": self.flops,
            "file_size": self.file_size,
            "top1": self.top1,
            "top5": self.top5,
            "source": self.source,
        }


CARDS: dict[str, Card] = {
    c.card_id: c
    for c in (
        Card(
            "resnext101_32x8d",
            "resnext101_32x8d",
            "tv_in1k",
            88_790_000,
            21_180_417_024,
            356_082_095,
            79.30,
            94.53,
        ),
        Card(
            "resnext50_32x4d",
            "resnext50_32x4d",
            "ra_in1k",
            25_030_000,
            5_472_648_192,
            100_435_887,
            79.79,
            94.61,
        ),
        Card(
            "resnext50d_32x4d",
            "resnext50d_32x4d",
            "bt_in1k",
            25_050_000,
            5_781_119_488,
            100_515_304,
            79.67,
            94.87,
        ),
        Card(
            "tv_resnext50_32x4d",
            "resnext50_32x4d",
            "tv_in1k",
            25_030_000,
            5_472_648_192,
            100_441_675,
            77.61,
            93.68,
        ),
    )
}


@dataclass(frozen=True)
class ModelSpec:
    """What the user asked for, resolved: our id, the timm name and tag, and the card if any."""

    model_id: str
    timm_name: str
    timm_tag: str
    card: Card | None

    @property
    def timm_full_name(self) -> str:
        """``name.tag`` as timm.create_model accepts it (just ``name`` when there is no tag)."""
        return f"{self.timm_name}.{self.timm_tag}" if self.timm_tag else self.timm_name


def resolve(model: str) -> ModelSpec:
    """Resolve a card id or a timm model name with optional ``.tag``.

    A card id wins over a timm name of the same spelling (``resnext50_32x4d`` is the card,
    hence ``.ra_in1k``). Any other name is passed through; an empty tag means timm picks its
    default tag when downloading.
    """
    card = CARDS.get(model)
    if card is not None:
        return ModelSpec(card.card_id, card.timm_name, card.timm_tag, card)
    name, _, tag = model.partition(".")
    if not name:
        raise ValueError(f"not a model name: {model!r}")
    return ModelSpec(model, name, tag, None)
