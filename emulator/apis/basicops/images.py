"""Images among attachments: their dimensions, and real thumbnails (Pillow).

Seed: thumbnails come in the sizes icon, small, medium and large; the pixel sizes are not
documented, so they are the account setting `thumbnail_sizes` (the longest side, default
icon 32, small 100, medium 300, large 800).  A thumbnail keeps the aspect ratio, is never larger
than the original, and keeps the original's format where Pillow writes it (JPEG, PNG, GIF, WebP),
else it is a PNG.  Pillow is imported on first use: start-up stays fast.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

THUMBNAIL_SIZES = {"icon": 32, "small": 100, "medium": 300, "large": 800}
_KEPT_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "GIF": ("image/gif", ".gif"),
                 "WEBP": ("image/webp", ".webp")}
MAX_PIXELS = 50_000_000  # refuse decompression bombs instead of exhausting memory


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str
    mime: str


def inspect(data: bytes) -> ImageInfo | None:
    """The image's size and format, or None when Pillow cannot read it as an image."""
    if not data:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            fmt = img.format or "PNG"
            mime = Image.MIME.get(fmt, "application/octet-stream")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
    return ImageInfo(width, height, fmt, mime)


@dataclass(frozen=True)
class Thumbnail:
    data: bytes
    mime: str
    extension: str
    width: int
    height: int


def thumbnail(data: bytes, longest_side: int) -> Thumbnail:
    """A resized copy whose longest side is at most `longest_side` pixels (ValueError: not an image)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ValueError("the image is too large to make a thumbnail of")
            fmt = img.format if img.format in _KEPT_FORMATS else "PNG"
            img.seek(0)  # the first frame of an animation
            copy = img.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValueError("the attachment is not an image") from exc
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    if fmt == "JPEG" and copy.mode not in ("RGB", "L"):
        copy = copy.convert("RGB")
    out = io.BytesIO()
    copy.save(out, format=fmt)
    mime, ext = _KEPT_FORMATS[fmt]
    return Thumbnail(out.getvalue(), mime, ext, copy.width, copy.height)
