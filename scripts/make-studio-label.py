#!/usr/bin/env python3
"""Draw scenes/studio/label.png, the image_map used by the studio sample scene.

Standard library only (zlib + struct), so it runs anywhere Python 3 does. The output
is deterministic: rerunning it reproduces the committed file byte for byte.

    python3 scripts/make-studio-label.py [OUTPUT.png]
"""
import math
import os
import struct
import sys
import zlib

W, H = 256, 128
CREAM = (246, 238, 222)
NAVY = (28, 40, 74)
ORANGE = (242, 120, 28)
GOLD = (255, 196, 60)

# A 5x7 pixel font for the letters we need, one string per row, '#' = ink.
GLYPHS = {
    "S": [" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "],
    "P": ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "],
    "O": [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
    "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
    "R": ["#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"],
    "A": [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
    "Y": ["#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "],
}


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def draw():
    px = [[CREAM] * W for _ in range(H)]
    # Navy band along the bottom with a thin orange rule above it.
    for y in range(H):
        for x in range(W):
            if y >= 74:
                px[y][x] = NAVY
            elif y >= 70:
                px[y][x] = ORANGE
    # The "spot": a sun with twelve rays, centred above the band.
    cx, cy, r = W / 2, 36.0, 16.0
    for y in range(70):
        for x in range(W):
            dx, dy = x + 0.5 - cx, y + 0.5 - cy
            d = math.hypot(dx, dy)
            if d <= r:
                px[y][x] = mix(GOLD, ORANGE, d / r)
            elif d <= 31:
                a = math.degrees(math.atan2(dy, dx)) % 30.0
                if min(a, 30.0 - a) < 5.0 * (31 - d) / (31 - r):
                    px[y][x] = ORANGE
    # The word, 4x scaled, centred in the band.
    text, s = "SPOTRAY", 4
    tw = len(text) * 6 * s - s
    x0, y0 = (W - tw) // 2, 74 + (H - 74 - 7 * s) // 2
    for i, ch in enumerate(text):
        for gy, row in enumerate(GLYPHS[ch]):
            for gx, c in enumerate(row):
                if c == "#":
                    for yy in range(s):
                        for xx in range(s):
                            px[y0 + gy * s + yy][x0 + (i * 6 + gx) * s + xx] = CREAM
    return px


def png(px):
    raw = b"".join(b"\x00" + bytes(c for p in row for c in p) for row in px)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "scenes", "studio", "label.png")
    with open(out, "wb") as f:
        f.write(png(draw()))
    print(f"wrote {out} ({W}x{H})")
