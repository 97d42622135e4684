package io.resnextexplorer.imageio;

import io.resnextexplorer.model.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * Places a GIF's first frame on its canvas as Pillow does: the image is the logical screen
 * (enlarged if the frame sticks out), the area outside the frame holds the frame's transparent
 * index if it has one, else index 0, looked up in the frame's palette.
 */
final class GifCanvas {

    /** Canvas size, frame position and the palette index outside the frame. */
    record Layout(int width, int height, int left, int top, int fillIndex) {}

    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    private GifCanvas() {}

    /** Reads the layout from the headers only (no pixels are decoded). */
    static Layout layout(ImageReader reader) throws IOException {
        int frameW = reader.getWidth(0);
        int frameH = reader.getHeight(0);
        int screenW = frameW;
        int screenH = frameH;
        int left = 0;
        int top = 0;
        int fill = 0;
        IIOMetadata stream = reader.getStreamMetadata();
        if (stream != null) {
            Node lsd = child(stream.getAsTree(STREAM_FORMAT), "LogicalScreenDescriptor");
            if (lsd != null) {
                screenW = intAttr(lsd, "logicalScreenWidth", frameW);
                screenH = intAttr(lsd, "logicalScreenHeight", frameH);
            }
        }
        IIOMetadata image = reader.getImageMetadata(0);
        if (image != null) {
            Node root = image.getAsTree(IMAGE_FORMAT);
            Node desc = child(root, "ImageDescriptor");
            if (desc != null) {
                left = intAttr(desc, "imageLeftPosition", 0);
                top = intAttr(desc, "imageTopPosition", 0);
            }
            Node gce = child(root, "GraphicControlExtension");
            if (gce != null && "TRUE".equalsIgnoreCase(attr(gce, "transparentColorFlag"))) {
                fill = intAttr(gce, "transparentColorIndex", 0);
            }
        }
        int w = Math.max(screenW, left + frameW);
        int h = Math.max(screenH, top + frameH);
        return new Layout(w, h, left, top, fill);
    }

    /** The canvas with the frame's Pillow-style RGB pasted at its position. */
    static RgbImage compose(BufferedImage frame, RgbImage frameRgb, Layout l) {
        if (l.width() == frameRgb.width()
                && l.height() == frameRgb.height()
                && l.left() == 0
                && l.top() == 0) {
            return frameRgb;
        }
        byte r = 0;
        byte g = 0;
        byte b = 0;
        if (frame.getColorModel() instanceof IndexColorModel icm
                && l.fillIndex() < icm.getMapSize()) {
            r = (byte) icm.getRed(l.fillIndex());
            g = (byte) icm.getGreen(l.fillIndex());
            b = (byte) icm.getBlue(l.fillIndex());
        }
        byte[] out = new byte[l.width() * l.height() * 3];
        for (int i = 0; i < out.length; i += 3) {
            out[i] = r;
            out[i + 1] = g;
            out[i + 2] = b;
        }
        byte[] src = frameRgb.rgb();
        int fw = frameRgb.width();
        for (int y = 0; y < frameRgb.height(); y++) {
            System.arraycopy(
                    src, y * fw * 3, out, ((l.top() + y) * l.width() + l.left()) * 3, fw * 3);
        }
        return new RgbImage(l.width(), l.height(), out);
    }

    private static Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private static String attr(Node n, String name) {
        Node a = n.getAttributes().getNamedItem(name);
        return a == null ? null : a.getNodeValue();
    }

    private static int intAttr(Node n, String name, int fallback) {
        String v = attr(n, name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
