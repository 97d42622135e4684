"""Make the committed decode and resize fixtures for the Java imageio/preprocess tests.

Every expected output is produced by the installed Pillow (and torchvision/timm for the eval
transform), so the Java tests compare against the reference pipeline itself:

* ``src/test/resources/imageio/``: images in each supported format and mode, each with
  ``<name>.rgb.gz`` = ``Image.open(p).convert("RGB")`` raw bytes (row-major, interleaved RGB,
  gzip-compressed), and
  for EXIF-rotated files ``ImageOps.exif_transpose`` applied first. ``manifest.json`` lists them.
* ``src/test/resources/resize/``: source images with Pillow ``Image.resize`` results for every
  filter, and the full timm eval transform (8-bit crop and float32 tensor, little-endian CHW).

Run from the repository root::

    python3 onnx-export/make_decode_fixtures.py
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import PIL
import skimage.data
import tifffile
import timm
import timm.data
import torch
import torchvision
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
IMAGEIO = ROOT / "src" / "test" / "resources" / "imageio"
RESIZE = ROOT / "src" / "test" / "resources" / "resize"


def photo(width: int, height: int) -> Image.Image:
    """A natural photo (skimage's cat) resized to the given size: realistic texture, no alpha."""
    return Image.fromarray(skimage.data.chelsea()).resize((width, height), Image.Resampling.LANCZOS)


def gradient_noise(width: int, height: int, seed: int) -> np.ndarray:
    """RGB uint8 with smooth gradients, hard edges and noise, to stress every filter."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    r = (x * 255 // max(width - 1, 1)).astype(np.int32)
    g = (y * 255 // max(height - 1, 1)).astype(np.int32)
    b = (((x // 7) + (y // 5)) % 2 * 255).astype(np.int32)
    noise = rng.integers(-40, 41, size=(height, width, 3))
    img = np.stack([r, g, b], axis=-1) + noise
    return np.clip(img, 0, 255).astype(np.uint8)


def write_gz(path: Path, data: bytes) -> None:
    """Write raw pixel data gzip-compressed (mtime 0, so reruns give identical files)."""
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def adam7_png(im: Image.Image) -> bytes:
    """An interlaced (Adam7) 8-bit RGB PNG written by hand; Pillow only writes non-interlaced."""
    a = np.asarray(im.convert("RGB"))
    h, w = a.shape[:2]
    passes = [
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = a[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        raw += b"".join(b"\x00" + row.tobytes() for row in sub)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(raw))
        + png_chunk(b"IEND", b"")
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def raw_png(width: int, height: int, color_type: int, bit_depth: int, rows: list[bytes]) -> bytes:
    """A PNG written by hand, for modes Pillow cannot save (16-bit RGB, RGBA, LA)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(raw))
        + png_chunk(b"IEND", b"")
    )


def gif_with_offset_frame(
    frame: Image.Image, screen: tuple[int, int], pos: tuple[int, int], transparency: int | None
) -> bytes:
    """A GIF whose only frame is smaller than the logical screen and placed at an offset.

    Pillow writes the frame; the logical screen size, the frame position and (optionally) a
    transparency extension are then patched in, as Pillow's writer cannot produce them.
    """
    data = bytearray(encode(frame, "GIF"))
    data[6:10] = struct.pack("<HH", *screen)
    p = 13
    if data[10] & 0x80:
        p += 3 << ((data[10] & 7) + 1)
    while data[p] == 0x21:  # extension blocks: skip label and sub-blocks
        p += 2
        while data[p]:
            p += data[p] + 1
        p += 1
    assert data[p] == 0x2C
    data[p + 1 : p + 5] = struct.pack("<HH", *pos)
    if transparency is not None:
        data[0:6] = b"GIF89a"
        gce = bytes([0x21, 0xF9, 4, 0x01, 0, 0, transparency, 0])
        data[p:p] = gce
    return bytes(data)


def exif_with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


class Writer:
    """Writes fixtures plus expected RGB bytes and collects the manifest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: list[dict] = []
        folder.mkdir(parents=True, exist_ok=True)

    def image(self, name: str, data: bytes, kind: str, exact: bool = True, **extra) -> None:
        """Store an encoded image and what Pillow decodes it to (after EXIF transpose)."""
        (self.folder / name).write_bytes(data)
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format
            mode = im.mode
            # Pillow's TIFF plugin applies the orientation tag while loading and reports the
            # upright size; the stored size is in the TIFF tags.
            size = (im.tag_v2[256], im.tag_v2[257]) if fmt == "TIFF" else im.size
            transposed = ImageOps.exif_transpose(im)
            rgb_plain = im.convert("RGB")
            rgb = transposed.convert("RGB")
        write_gz(self.folder / (name + ".rgb.gz"), rgb.tobytes())
        entry = {
            "file": name,
            "kind": kind,
            "pillowFormat": fmt,
            "pillowMode": mode,
            "width": rgb.width,
            "height": rgb.height,
            "originalWidth": size[0],
            "originalHeight": size[1],
            "exact": exact,
            "expected": name + ".rgb.gz",
        }
        if rgb.size != rgb_plain.size or rgb.tobytes() != rgb_plain.tobytes():
            write_gz(self.folder / (name + ".noexif.rgb.gz"), rgb_plain.tobytes())
            entry["expectedWithoutExif"] = name + ".noexif.rgb.gz"
        entry.update(extra)
        self.entries.append(entry)

    def bad(self, name: str, data: bytes, message_contains: str) -> None:
        """Store a file that must be rejected with a message containing the given words."""
        (self.folder / name).write_bytes(data)
        self.entries.append({"file": name, "kind": "invalid", "messageContains": message_contains})

    def finish(self) -> None:
        manifest = {
            "pillow": PIL.__version__,
            "torchvision": torchvision.__version__,
            "timm": timm.__version__,
            "entries": self.entries,
        }
        (self.folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


def encode(im: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def make_imageio() -> None:
    w = Writer(IMAGEIO)
    base = photo(48, 32)
    arr = np.asarray(base)
    alpha = Image.fromarray(gradient_noise(48, 32, 1)[:, :, 0])

    cmyk_src = base.convert("CMYK")
    # PNG, every colour type and bit depth Pillow opens.
    w.image("png_rgb.png", encode(base, "PNG"), "png")
    rgba = base.copy()
    rgba.putalpha(alpha)
    w.image("png_rgba.png", encode(rgba, "PNG"), "png")
    gray = base.convert("L")
    w.image("png_gray.png", encode(gray, "PNG"), "png")
    la = gray.copy()
    la.putalpha(alpha)
    w.image("png_gray_alpha.png", encode(la, "PNG"), "png")
    pal = base.quantize(colors=32)
    w.image("png_palette.png", encode(pal, "PNG"), "png")
    w.image("png_palette_trns.png", encode(pal, "PNG", transparency=3), "png")
    w.image("png_gray_trns.png", encode(gray, "PNG", transparency=128), "png")
    w.image("png_rgb_trns.png", encode(base, "PNG", transparency=tuple(arr[0, 0].tolist())), "png")
    for depth in (1, 2, 4):
        per_byte = 8 // depth
        rng = np.random.default_rng(depth)
        vals = rng.integers(0, 1 << depth, size=(13, 21))
        rows = []
        for row in vals:
            bits = 0
            nbits = 0
            out = bytearray()
            for v in row:
                bits = (bits << depth) | int(v)
                nbits += depth
                if nbits == 8:
                    out.append(bits)
                    bits = nbits = 0
            if nbits:
                out.append(bits << (8 - nbits))
            rows.append(bytes(out))
        assert per_byte > 0
        w.image(f"png_gray{depth}bit.png", raw_png(21, 13, 0, depth, rows), "png")
    # 16-bit: a full-range ramp plus noise so both the clipping and the high-byte rules show.
    rng = np.random.default_rng(16)
    g16 = np.linspace(0, 65535, 40 * 30).reshape(30, 40) + rng.integers(0, 300, (30, 40))
    g16 = np.clip(g16, 0, 65535).astype(">u2")
    g16[0, :8] = [0, 1, 100, 255, 256, 257, 1000, 65535]
    w.image("png_gray16.png", raw_png(40, 30, 0, 16, [r.tobytes() for r in g16]), "png")
    rgb16 = (arr.astype(np.uint32) * 257 + rng.integers(0, 257, arr.shape)).astype(">u2")
    w.image("png_rgb16.png", raw_png(48, 32, 2, 16, [r.tobytes() for r in rgb16]), "png")
    a16 = (np.asarray(alpha).astype(np.uint32) * 257).astype(">u2")
    rgba16 = np.concatenate([rgb16, a16[:, :, None]], axis=2).astype(">u2")
    w.image("png_rgba16.png", raw_png(48, 32, 6, 16, [r.tobytes() for r in rgba16]), "png")
    la16 = np.stack([g16, g16[::-1]], axis=2).astype(">u2")
    w.image("png_gray_alpha16.png", raw_png(40, 30, 4, 16, [r.tobytes() for r in la16]), "png")

    w.image("png_interlaced.png", adam7_png(photo(45, 31)), "png")
    # BMP, GIF, TIFF, WebP.
    w.image("bmp_rgba32.bmp", encode(rgba, "BMP"), "bmp")
    w.image("bmp_1bit.bmp", encode(base.convert("1"), "BMP"), "bmp")
    w.image("tiff_packbits.tif", encode(base, "TIFF", compression="packbits"), "tiff")
    w.image("tiff_palette.tif", encode(pal, "TIFF"), "tiff")
    w.image("tiff_1bit.tif", encode(base.convert("1"), "TIFF"), "tiff")
    w.image("tiff_cmyk.tif", encode(cmyk_src, "TIFF"), "tiff")
    w.image("tiff_gray16.tif", encode(Image.fromarray(g16.astype(np.uint16)), "TIFF"), "tiff")
    # Pillow cannot write 16-bit RGB TIFF; tifffile (a scikit-image dependency) can.
    tif16 = io.BytesIO()
    tifffile.imwrite(tif16, rgb16.astype(np.uint16), photometric="rgb")
    w.image("tiff_rgb16.tif", tif16.getvalue(), "tiff")
    w.image("tiff_jpeg.tif", encode(base, "TIFF", compression="jpeg"), "tiff", exact=False)
    w.image("bmp_rgb.bmp", encode(base, "BMP"), "bmp")
    w.image("bmp_palette.bmp", encode(pal, "BMP"), "bmp")
    frame2 = Image.fromarray(255 - arr).quantize(colors=16)
    gif = io.BytesIO()
    pal.save(gif, "GIF", save_all=True, append_images=[frame2], duration=100, loop=0)
    w.image("gif_two_frames.gif", gif.getvalue(), "gif", frames=2)
    gif_t = encode(pal, "GIF", transparency=3)
    w.image("gif_transparent.gif", gif_t, "gif")
    small = pal.crop((10, 8, 22, 17))
    w.image("gif_offset_frame.gif", gif_with_offset_frame(small, (30, 20), (5, 4), None), "gif")
    w.image("gif_offset_frame_trns.gif", gif_with_offset_frame(small, (30, 20), (5, 4), 7), "gif")
    w.image("tiff_rgb.tif", encode(base, "TIFF"), "tiff")
    w.image("tiff_lzw.tif", encode(base, "TIFF", compression="tiff_lzw"), "tiff")
    w.image("tiff_deflate.tif", encode(base, "TIFF", compression="tiff_adobe_deflate"), "tiff")
    w.image("tiff_gray.tif", encode(gray, "TIFF"), "tiff")
    w.image("tiff_rgba.tif", encode(rgba, "TIFF"), "tiff")
    w.image("webp_lossless.webp", encode(base, "WEBP", lossless=True), "webp")
    w.image("webp_lossless_alpha.webp", encode(rgba, "WEBP", lossless=True), "webp")
    w.image("webp_lossy.webp", encode(base, "WEBP", quality=80), "webp", exact=False)

    # JPEG: decoders may differ slightly (IDCT, chroma upsampling); the tests bound the gap.
    w.image("jpeg_420.jpg", encode(base, "JPEG", quality=90), "jpeg", exact=False)
    w.image("jpeg_444.jpg", encode(base, "JPEG", quality=90, subsampling=0), "jpeg", exact=False)
    w.image(
        "jpeg_progressive.jpg",
        encode(base, "JPEG", quality=85, progressive=True),
        "jpeg",
        exact=False,
    )
    odd = photo(45, 31)
    w.image("jpeg_420_odd_size.jpg", encode(odd, "JPEG", quality=80), "jpeg", exact=False)
    w.image("jpeg_422.jpg", encode(odd, "JPEG", quality=80, subsampling=1), "jpeg", exact=False)
    w.image(
        "jpeg_restart_optimized.jpg",
        encode(base, "JPEG", quality=70, optimize=True, restart_marker_blocks=2),
        "jpeg",
        exact=False,
    )
    w.image("jpeg_gray.jpg", encode(gray, "JPEG", quality=90), "jpeg", exact=False)
    cmyk = base.convert("CMYK")
    cmyk_jpeg = encode(cmyk, "JPEG", quality=95)
    w.image("jpeg_cmyk.jpg", cmyk_jpeg, "jpeg", exact=False)
    # YCCK (Adobe transform 2), as Photoshop writes CMYK: libjpeg-turbo cannot be asked for it
    # through Pillow, so relabel the CMYK scan as YCCK. The colours are odd, but decoders must
    # still agree on the YCCK -> CMYK -> RGB arithmetic.
    adobe = cmyk_jpeg.index(b"Adobe")
    ycck = bytearray(cmyk_jpeg)
    assert ycck[adobe + 11] == 0
    ycck[adobe + 11] = 2
    w.image("jpeg_ycck.jpg", bytes(ycck), "jpeg", exact=False)
    # EXIF orientation: identical scan data, only the tag differs; a non-square image shows
    # every transpose.
    for orientation in range(1, 9):
        data = encode(base, "JPEG", quality=90, exif=exif_with_orientation(orientation))
        w.image(f"jpeg_exif{orientation}.jpg", data, "jpeg", exact=False, orientation=orientation)
    w.image(
        "png_exif6.png", encode(base, "PNG", exif=exif_with_orientation(6)), "png", orientation=6
    )
    w.image(
        "tiff_exif8.tif", encode(base, "TIFF", exif=exif_with_orientation(8)), "tiff", orientation=8
    )
    w.image(
        "webp_exif3.webp",
        encode(base, "WEBP", lossless=True, exif=exif_with_orientation(3)),
        "webp",
        orientation=3,
    )

    # Files that must be rejected with a clear message.
    png = encode(base, "PNG")
    jpg = encode(photo(96, 64), "JPEG", quality=90)
    w.bad("truncated.png", png[: len(png) // 2], "truncated")
    w.bad("truncated.jpg", jpg[: len(jpg) // 2], "truncated")
    corrupt = bytearray(png)
    corrupt[60:120] = bytes(60)
    w.bad("corrupt.png", bytes(corrupt), "corrupt")
    w.bad("text.jpg", b"Hello, this is not a picture.\nJust some notes.\n" * 4, "text file")
    w.bad(
        "document.png",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "PDF",
    )
    w.bad("empty.jpg", b"", "empty")
    huge_rows = [bytes(1 + 60000 // 8)]  # one row only: the pixels must never be decoded
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    huge = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"".join(huge_rows)))
        + png_chunk(b"IEND", b"")
    )
    w.bad("huge_dimensions.png", huge, "too large")
    w.finish()


def make_resize() -> None:
    RESIZE.mkdir(parents=True, exist_ok=True)
    cases = []
    sources = {
        "photo_99x67": photo(99, 67),
        "noise_57x43": Image.fromarray(gradient_noise(57, 43, 7)),
        # Taller than 100x its width: Pillow 12 resizes such images vertically first.
        "noise_3x400": Image.fromarray(gradient_noise(3, 400, 9)),
    }
    for name, im in sources.items():
        write_gz(RESIZE / f"{name}.rgb.gz", im.tobytes())
    targets = {
        "photo_99x67": [(41, 27), (130, 88), (60, 67), (99, 40), (150, 30)],
        "noise_57x43": [(101, 77), (31, 29), (57, 90), (1, 1), (5, 120)],
        "noise_3x400": [(2, 50), (3, 37), (5, 399)],
    }
    filters = {
        "nearest": Image.Resampling.NEAREST,
        "box": Image.Resampling.BOX,
        "bilinear": Image.Resampling.BILINEAR,
        "hamming": Image.Resampling.HAMMING,
        "bicubic": Image.Resampling.BICUBIC,
        "lanczos": Image.Resampling.LANCZOS,
    }
    for name, im in sources.items():
        for tw, th in targets[name]:
            for fname, f in filters.items():
                out = im.resize((tw, th), f)
                fn = f"{name}_{fname}_{tw}x{th}.rgb.gz"
                write_gz(RESIZE / fn, out.tobytes())
                cases.append(
                    {
                        "source": f"{name}.rgb.gz",
                        "sourceWidth": im.width,
                        "sourceHeight": im.height,
                        "filter": fname,
                        "width": tw,
                        "height": th,
                        "expected": fn,
                    }
                )

    # Large resizes (the multi-threaded path) are checked by hash: the source is a formula
    # the Java test recomputes, value = (7x + 13y + 50c + (x*y >> 5)) & 255.
    big_w, big_h = 1600, 1200
    y, x = np.mgrid[0:big_h, 0:big_w].astype(np.int64)
    big = np.stack([(7 * x + 13 * y + 50 * c + ((x * y) >> 5)) & 255 for c in range(3)], -1)
    big_im = Image.fromarray(big.astype(np.uint8))
    hashed = []
    for fname in ("bilinear", "bicubic", "lanczos"):
        for tw, th in ((341, 256), (2000, 1500)):
            out = big_im.resize((tw, th), filters[fname])
            hashed.append(
                {
                    "width": tw,
                    "height": th,
                    "filter": fname,
                    "sha256": hashlib.sha256(out.tobytes()).hexdigest(),
                }
            )

    # Full timm eval transform; small input sizes keep the committed tensors small.
    transforms = []
    wide = photo(211, 141)
    tall = photo(120, 250)
    write_gz(RESIZE / "photo_211x141.rgb.gz", wide.tobytes())
    write_gz(RESIZE / "photo_120x250.rgb.gz", tall.tobytes())
    srcs = {"photo_211x141": wide, "photo_120x250": tall}
    configs = [
        (
            "bilinear_0875_64",
            (3, 64, 64),
            "bilinear",
            0.875,
            (0.485, 0.456, 0.406),
            (0.229, 0.224, 0.225),
        ),
        (
            "bicubic_095_80",
            (3, 80, 80),
            "bicubic",
            0.95,
            (0.485, 0.456, 0.406),
            (0.229, 0.224, 0.225),
        ),
        ("bicubic_09_48x64", (3, 48, 64), "bicubic", 0.9, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
        ("lanczos_1_56", (3, 56, 56), "lanczos", 1.0, (0.481, 0.458, 0.408), (0.269, 0.261, 0.276)),
    ]
    for src_name, im in srcs.items():
        for cname, input_size, interp, crop_pct, mean, std in configs:
            t = timm.data.create_transform(
                input_size=input_size,
                is_training=False,
                interpolation=interp,
                crop_pct=crop_pct,
                crop_mode="center",
                mean=mean,
                std=std,
            )
            pre = torchvision.transforms.Compose(t.transforms[:-2])
            crop = pre(im)
            tensor = t(im)
            assert isinstance(tensor, torch.Tensor) and tensor.dtype == torch.float32
            base = f"timm_{src_name}_{cname}"
            write_gz(RESIZE / f"{base}.rgb.gz", crop.tobytes())
            write_gz(RESIZE / f"{base}.f32.gz", tensor.numpy().astype("<f4").tobytes())
            resize_step = t.transforms[0]
            transforms.append(
                {
                    "source": f"{src_name}.rgb.gz",
                    "sourceWidth": im.width,
                    "sourceHeight": im.height,
                    "inputHeight": input_size[1],
                    "inputWidth": input_size[2],
                    "interpolation": interp,
                    "cropPct": crop_pct,
                    "mean": list(mean),
                    "std": list(std),
                    "crop": f"{base}.rgb.gz",
                    "tensor": f"{base}.f32.gz",
                    "resizeStep": repr(resize_step),
                }
            )
    manifest = {
        "pillow": PIL.__version__,
        "torchvision": torchvision.__version__,
        "timm": timm.__version__,
        "resize": cases,
        "timm_eval": transforms,
        "large_formula_source": {"width": big_w, "height": big_h, "resized": hashed},
    }
    (RESIZE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


def main() -> None:
    make_imageio()
    make_resize()


if __name__ == "__main__":
    main()
