package io.resnextexplorer.model;

/**
 * Figures published on a model card, shown as published. Any field may be null when the card does
 * not give it.
 *
 * @param params parameter count as published (often rounded)
 * @param flops the card's "FLOPs" figure, in the card's own convention
 * @param fileSize size in bytes of the published weights file
 * @param top1 ImageNet top-1 accuracy in percent
 * @param top5 ImageNet top-5 accuracy in percent
 * @param source where the figures come from
 */
public record CardFigures(
        Long params, Long flops, Long fileSize, Double top1, Double top5, String source) {}
