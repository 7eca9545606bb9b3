"""Draw the neutral placeholder logo shipped with this repository (no organisation's artwork).

    python tools/placeholder_logo.py councils/bases/logotyp-platshallare.png

Needs Pillow (a dev dependency, through pikepdf). The result is committed; point `logo.image`
in councils/bases/vgr.yaml at the organisation's real logo instead.
"""

from __future__ import annotations

import sys

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 600, 200
BLUE, GREY = (0, 98, 152), (110, 110, 110)


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((6, 6, WIDTH - 7, HEIGHT - 7), radius=24, outline=GREY, width=4)
    for index, top in enumerate((40, 85, 130)):  # three bars: a mark that stands for no one
        pen.rounded_rectangle((36, top, 36 + 120 - index * 30, top + 28), radius=10, fill=BLUE)
    font = ImageFont.load_default(size=44)
    pen.text((190, 58), "LOGOTYP", fill=BLUE, font=font)
    pen.text((190, 112), "exempel", fill=GREY, font=ImageFont.load_default(size=34))
    return image


if __name__ == "__main__":
    draw().save(sys.argv[1], optimize=True)
