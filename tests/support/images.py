"""Small images made in memory, for upload tests and demo logos."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def image_bytes(format_: str = "PNG", size: tuple[int, int] = (60, 40), colour="#1d70b8") -> bytes:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((5, 5, size[0] // 2, size[1] // 2), fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format=format_)
    return out.getvalue()
