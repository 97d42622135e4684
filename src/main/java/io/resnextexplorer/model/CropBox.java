package io.resnextexplorer.model;

/** A rectangle in original image pixel coordinates. */
public record CropBox(double x, double y, double width, double height) {}
