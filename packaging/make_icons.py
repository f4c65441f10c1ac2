"""Render the app icon's PNGs (16–256 px) and the Windows .ico from resources/icons/salon-pos.svg.

Run from the repository root after changing the SVG:
    .venv/bin/python packaging/make_icons.py
Qt draws the SVG (ImageMagick here has no SVG reader); ImageMagick's `convert` packs the
PNGs into one .ico. The rendered files are committed, so builds need neither tool.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Path:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    path = ICONS / f"salon-pos-{size}.png"
    if not image.save(str(path)):
        sys.exit(f"could not write {path}")
    return path


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(ICONS / "salon-pos.svg"))
    if not renderer.isValid():
        sys.exit("resources/icons/salon-pos.svg is not a valid SVG")
    pngs = [render(renderer, size) for size in SIZES]
    convert = shutil.which("magick") or shutil.which("convert")
    if not convert:
        sys.exit("ImageMagick (magick or convert) is needed to write the .ico")
    ico_sizes = [png for png in pngs if int(png.stem.rsplit("-", 1)[1]) in (16, 24, 32, 48, 256)]
    subprocess.run([convert, *map(str, ico_sizes), str(ICONS / "salon-pos.ico")], check=True)
    del app


if __name__ == "__main__":
    main()
