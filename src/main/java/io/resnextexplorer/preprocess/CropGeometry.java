package io.resnextexplorer.preprocess;

/**
 * Where the model's input comes from: the size the whole image is resized to, and the crop taken
 * from the resized image, also expressed in original image pixels for drawing an outline.
 *
 * <p>All rectangles are (x, y, width, height) with the origin at the top-left corner. When the
 * resized image is smaller than the crop along an axis, the crop extends past the image (negative x
 * or y) and the model sees zero (black) pixels there, as torchvision's {@code CenterCrop} pads.
 *
 * @param resizedWidth width of the resized image, in pixels
 * @param resizedHeight height of the resized image, in pixels
 * @param cropX left edge of the crop in resized pixels (may be negative when padded)
 * @param cropY top edge of the crop in resized pixels (may be negative when padded)
 * @param cropWidth crop width in pixels (the model input width)
 * @param cropHeight crop height in pixels (the model input height)
 * @param sourceX left edge of the crop in original image pixels
 * @param sourceY top edge of the crop in original image pixels
 * @param sourceWidth crop width in original image pixels
 * @param sourceHeight crop height in original image pixels
 */
public record CropGeometry(
        int resizedWidth,
        int resizedHeight,
        int cropX,
        int cropY,
        int cropWidth,
        int cropHeight,
        double sourceX,
        double sourceY,
        double sourceWidth,
        double sourceHeight) {}
