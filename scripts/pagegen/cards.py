"""Link-preview images ("social cards"): 1200x630 PNGs with the page title in its language.

Drawn with Pillow and the committed Roboto fonts, so a build needs no network and no Cairo.
Cards are cached by their content, so an unchanged page costs a file copy, not a drawing.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (48, 63, 159)  # Material's indigo, a shade darker for contrast with white text
FOREGROUND = (255, 255, 255)
MUTED = (220, 225, 255)
FONTS = Path(__file__).resolve().parents[2] / "social-cards" / "fonts" / "Roboto"
VERSION = "2"  # bump when the drawing changes, so cached cards are redrawn


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        # The ellipsis follows the last whole word with no space ("and the…"), and a comma or colon
        # before the cut goes ("what to do, and the…" would end on "do…").
        while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] = lines[-1].rstrip(" ,;:\u00a0") + "…"
    return lines


def draw_card(title: str, site_name: str, tagline: str) -> bytes:
    """The PNG bytes of one card. Deterministic: the same texts give the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(FONTS / "Regular.ttf"), 34)
    size = 72
    while True:  # the largest title size that fits in four lines
        big = ImageFont.truetype(str(FONTS / "Bold.ttf"), size)
        lines = _wrap(draw, title, big, WIDTH - 2 * MARGIN, 4)
        if not lines[-1].endswith("…") or size <= 48:
            break
        size -= 6
    draw.text((MARGIN, MARGIN), site_name, font=small, fill=MUTED)
    y = MARGIN + 90
    for line in lines:
        draw.text((MARGIN, y), line, font=big, fill=FOREGROUND)
        y += int(size * 1.2)
    for index, line in enumerate(_wrap(draw, tagline, small, WIDTH - 2 * MARGIN, 2)):
        draw.text((MARGIN, HEIGHT - MARGIN - 44 * (2 - index)), line, font=small, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def write_card(target: Path, cache_dir: Path, title: str, site_name: str, tagline: str) -> None:
    key = hashlib.sha256("\0".join([VERSION, title, site_name, tagline]).encode("utf-8")).hexdigest()[:24]
    cached = cache_dir / f"{key}.png"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(draw_card(title, site_name, tagline))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
