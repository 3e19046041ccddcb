"""The site's social card: the `og:image` of every page (issue 14), drawn at build.

Discourse, Slack, Mastodon and others show it beside a shared link's title and description.
It is one 1200×630 PNG for the whole site, `assets/social-card.png`: the site's colour, the
speech bubble of the favicon, the site name and a tagline, in a small pixel font defined
below. No image library, no font file and no network: a few filled rectangles, written as an
indexed-colour PNG with the standard library's zlib (about 4 KB; tests/test_oembed.py holds
it to 60 KB). The same drawing gives byte-identical files on every build.

The template context gets `social_card` (url, width, height, alt), read by
overrides/partials/social-meta.html.
"""
from __future__ import annotations

import logging
import struct
import zlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.social_card")

PATH = "assets/social-card.png"
WIDTH, HEIGHT = 1200, 630
#: The tagline's two lines when the language's strings give none (`social_tagline` in
#: docs/includes/strings/<code>.yml, set by scripts/hooks/languages.py).
TAGLINE = ("Interpersonal psychotherapy", "for depression")
#: Palette: the theme's indigo, white, a pale indigo for the tagline, the crisis block's yellow.
PALETTE = ((0x3F, 0x51, 0xB5), (0xFF, 0xFF, 0xFF), (0xC5, 0xCA, 0xE9), (0xFF, 0xF4, 0xD6))
BG, WHITE, PALE, YELLOW = range(4)

#: A 5×9 pixel font: rows 0-6 above the baseline, 7-8 for descenders. Add a glyph here if
#: the site name or tagline ever needs one (the build says which).
GLYPHS: dict[str, tuple[str, ...]] = {
    " ": (".....",) * 7,
    "-": (".....", ".....", ".....", "####.", ".....", ".....", "....."),
    ".": (".....", ".....", ".....", ".....", ".....", ".##..", ".##.."),
    ",": (".....", ".....", ".....", ".....", ".....", ".##..", ".##..", "..#..", ".#..."),
    "'": ("..#..", "..#..", ".....", ".....", ".....", ".....", "....."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".###."),
    "I": (".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "a": (".....", ".....", ".###.", "....#", ".####", "#...#", ".####"),
    "ó": ("...#.", "..#..", ".###.", "#...#", "#...#", "#...#", ".###."),
    "b": ("#....", "#....", "####.", "#...#", "#...#", "#...#", "####."),
    "c": (".....", ".....", ".####", "#....", "#....", "#....", ".####"),
    "d": ("....#", "....#", ".####", "#...#", "#...#", "#...#", ".####"),
    "e": (".....", ".....", ".###.", "#...#", "#####", "#....", ".####"),
    "f": ("..##.", ".#...", "####.", ".#...", ".#...", ".#...", ".#..."),
    "g": (".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", ".###."),
    "h": ("#....", "#....", "####.", "#...#", "#...#", "#...#", "#...#"),
    "i": ("..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###."),
    "j": ("...#.", ".....", "..##.", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "k": ("#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."),
    "l": (".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "m": (".....", ".....", "##.#.", "#.#.#", "#.#.#", "#.#.#", "#.#.#"),
    "n": (".....", ".....", "####.", "#...#", "#...#", "#...#", "#...#"),
    "o": (".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."),
    "p": (".....", ".....", "####.", "#...#", "#...#", "#...#", "####.", "#....", "#...."),
    "q": (".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", "....#"),
    "r": (".....", ".....", "#.##.", "##..#", "#....", "#....", "#...."),
    "s": (".....", ".....", ".####", "#....", ".###.", "....#", "####."),
    "t": (".#...", ".#...", "####.", ".#...", ".#...", ".#..#", "..##."),
    "u": (".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#"),
    "v": (".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "w": (".....", ".....", "#...#", "#...#", "#.#.#", "#.#.#", ".#.#."),
    "x": (".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "y": (".....", ".....", "#...#", "#...#", "#...#", "#...#", ".####", "....#", ".###."),
    "z": (".....", ".....", "#####", "...#.", "..#..", ".#...", "#####"),
}


class Canvas:
    """Palette indices, one byte a pixel, filled with rectangles."""

    def __init__(self, width: int, height: int, colour: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray([colour]) * (width * height)

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: int) -> None:
        x0, x1 = max(0, x0), min(self.width, x1)
        for y in range(max(0, y0), min(self.height, y1)):
            start = y * self.width
            self.pixels[start + x0:start + x1] = bytes([colour]) * (x1 - x0)

    def text(self, x: int, y: int, text: str, scale: int, colour: int) -> int:
        """Draw `text` with its top-left at (x, y); returns the x after it."""
        for char in text:
            for row, bits in enumerate(GLYPHS[char]):
                for col, bit in enumerate(bits):
                    if bit == "#":
                        self.rect(x + col * scale, y + row * scale, x + (col + 1) * scale, y + (row + 1) * scale, colour)
            x += 6 * scale
        return x

    def rounded(self, x0: int, y0: int, x1: int, y1: int, radius: int, colour: int) -> None:
        for y in range(y0, y1):
            dy = max(y0 + radius - y - 0.5, y - (y1 - radius) + 0.5, 0)
            inset = radius - int((radius * radius - dy * dy) ** 0.5) if dy else 0
            self.rect(x0 + inset, y, x1 - inset, y + 1, colour)

    def png(self) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        rows = b"".join(b"\x00" + bytes(self.pixels[y * self.width:(y + 1) * self.width]) for y in range(self.height))
        return b"".join([
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0)),
            chunk(b"PLTE", b"".join(bytes(c) for c in PALETTE)),
            chunk(b"IDAT", zlib.compress(rows, 9)),
            chunk(b"IEND", b""),
        ])


def missing_glyphs(*lines: str) -> list[str]:
    return sorted({c for line in lines for c in line if c not in GLYPHS})


def tagline(config: MkDocsConfig) -> tuple[str, ...]:
    """The build language's tagline (one card per language: site/<code>/assets/...)."""
    strings = config.extra.get("strings") or {}
    return tuple(strings.get("social_tagline") or TAGLINE)


def draw(site_name: str, lines: tuple[str, ...] = TAGLINE) -> bytes:
    canvas = Canvas(WIDTH, HEIGHT, BG)
    # The favicon's speech bubble: a rounded box and its tail.
    canvas.rounded(80, 80, 280, 230, 28, WHITE)
    for step in range(50):
        canvas.rect(130, 230 + step, 130 + 50 - step, 231 + step, WHITE)
    canvas.text(330, 110, site_name, 14, WHITE)
    for n, line in enumerate(lines):
        canvas.text(80, 350 + n * 80, line, 6, PALE)
    canvas.rect(0, HEIGHT - 24, WIDTH, HEIGHT, YELLOW)
    return canvas.png()


def on_env(env, config: MkDocsConfig, files: Files):
    site = config.site_url or ""
    env.globals["social_card"] = {
        "url": (site if site.endswith("/") else site + "/") + PATH,
        "width": WIDTH, "height": HEIGHT,
        "alt": f"{config.site_name}: {' '.join(tagline(config))}",
    }
    return env


def on_post_build(config: MkDocsConfig) -> None:
    lines = tagline(config)
    missing = missing_glyphs(config.site_name, *lines)
    if missing:
        log.warning("scripts/hooks/social_card.py: the pixel font has no glyph for %s; add them to GLYPHS "
                    "(5 columns, 7 rows, 2 more for a descender), or the social card would lack them.",
                    " ".join(repr(c) for c in missing))
        return
    path = Path(config.site_dir) / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(draw(config.site_name, lines))
