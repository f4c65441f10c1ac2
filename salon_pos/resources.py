"""Where the shipped resources (fonts, style sheet, icons) are, however the app runs.

The repository keeps them in the top-level `resources/` folder. A wheel carries that folder
inside the package as `salon_pos/_resources` (see setup.py), and the PyInstaller bundle puts
it at the same place under `sys._MEIPASS`, where PyInstaller also sets this module's
`__file__`: so "beside the package, else the checkout's folder" covers installed, bundled and
checkout runs alike, editable installs included.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INSTALLED = PACKAGE / "_resources"  # a wheel's install, or the PyInstaller bundle
CHECKOUT = PACKAGE.parent / "resources"  # a checkout, or an editable install of one

RESOURCES = INSTALLED if INSTALLED.is_dir() else CHECKOUT
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # rendered by packaging/make_icons.py


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def icon_files() -> list[tuple[int, Path]]:
    """The app icon's PNGs, each with its size in pixels, smallest first."""
    return [(size, resource("icons", f"salon-pos-{size}.png")) for size in ICON_SIZES]
