"""Contact sheets of the screenshots the browser tests write, small enough to commit.

Usage: python scripts/contact_sheets.py [SCREENSHOTS_DIR] [OUT_DIR]
(defaults: test-output/screenshots and .github/readme/screens). One JPEG per width and
mode (phone/desktop × light/dark/elder): the first screen and a half of every page type,
labelled, so a reviewer sees every page type in every mode at a glance.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from PIL import Image, ImageDraw

SCREENS = {"390": 1.5, "1366": 1.0}  # how many screen heights of each page to keep
SCALE = {"390": 0.5, "1366": 0.3}
COLUMNS = {"390": 8, "1366": 4}
SCREEN_HEIGHT = {"390": 844, "1366": 768}
LABEL = 22


def main(shots: str = "test-output/screenshots", out: str = ".github/readme/screens") -> None:
    found: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for path in sorted(Path(shots).glob("*.png")):
        match = re.fullmatch(r"(.+)-(390|1366)-(light|dark|elder)", path.stem)
        if match:
            found[(match.group(2), match.group(3))].append(path)
    Path(out).mkdir(parents=True, exist_ok=True)
    for (width, mode), paths in sorted(found.items()):
        scale, columns = SCALE[width], COLUMNS[width]
        tile_w = int(int(width) * scale)
        tile_h = int(SCREEN_HEIGHT[width] * SCREENS[width] * scale)
        rows = -(-len(paths) // columns)
        sheet = Image.new("RGB", (columns * (tile_w + 8) + 8, rows * (tile_h + LABEL + 8) + 8), "#d9d4d0")
        draw = ImageDraw.Draw(sheet)
        for i, path in enumerate(paths):
            with Image.open(path) as shot:
                top = shot.crop((0, 0, shot.width, min(shot.height, int(SCREEN_HEIGHT[width] * SCREENS[width]))))
                top = top.convert("RGB").resize((tile_w, int(top.height * scale)), Image.LANCZOS)
            x, y = 8 + (i % columns) * (tile_w + 8), 8 + (i // columns) * (tile_h + LABEL + 8)
            draw.text((x, y + 4), re.sub(r"-(390|1366)-.*$", "", path.stem), fill="#222")
            sheet.paste(top, (x, y + LABEL))
        target = Path(out) / f"{width}-{mode}.jpg"
        sheet.save(target, quality=72, optimize=True)
        print(target, f"{target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(*sys.argv[1:])
