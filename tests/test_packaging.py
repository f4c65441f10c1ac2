"""The shipped resources are found wherever the app runs, and the wheel carries them.

The wheel test builds one in tmp_path from a copy of the sources (about 3 s; pip fetches
setuptools for its isolated build, as any `pip install .` does)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from salon_pos.resources import resource

ROOT = Path(__file__).resolve().parent.parent
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf", "NanumGothic.ttf")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
SHIPPED = ("style.qss", *(f"fonts/{font}" for font in FONTS), "icons/salon-pos.svg",
           "icons/salon-pos.ico", *(f"icons/salon-pos-{size}.png" for size in ICON_SIZES))


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_resource_is_found(name):
    assert resource(*name.split("/")).is_file()


def test_icon_pngs_have_the_size_their_name_says():
    from PIL import Image

    for size in ICON_SIZES:
        with Image.open(resource("icons", f"salon-pos-{size}.png")) as png:
            assert png.size == (size, size)
            assert png.mode == "RGBA"  # transparent corners around the rounded tile


def test_windows_icon_holds_small_and_large_sizes():
    from PIL import Image

    with Image.open(resource("icons", "salon-pos.ico")) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def resources_module_in(package: Path):
    """salon_pos/resources.py copied into `package` and loaded from there."""
    package.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "salon_pos" / "resources.py", package)
    return _load(package / "resources.py")


def test_installed_or_bundled_layout_is_preferred(tmp_path):
    """In a wheel's install and in the PyInstaller bundle the resources sit beside the
    module, as salon_pos/_resources (PyInstaller sets __file__ under sys._MEIPASS)."""
    package = tmp_path / "salon_pos"
    (package / "_resources").mkdir(parents=True)
    module = resources_module_in(package)
    assert module.resource("style.qss") == package / "_resources" / "style.qss"


def test_checkout_layout_is_the_top_level_folder(tmp_path):
    module = resources_module_in(tmp_path / "salon_pos")
    assert module.resource("style.qss") == tmp_path / "resources" / "style.qss"


def test_wheel_carries_the_resources_and_both_entry_points(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source)
    for name in ("salon_pos", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
         "-w", str(tmp_path / "wheel")], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("salon_pos-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(name).decode() for name in names
                            if name.endswith(".dist-info/entry_points.txt"))
    assert {f"salon_pos/_resources/{name}" for name in SHIPPED} <= names
    assert "salon_pos/resources.py" in names
    assert not any(name.startswith("resources/") for name in names)  # not a top-level folder
    assert "salon-pos = salon_pos.cli.main:main" in entry_points
    assert "[gui_scripts]\nsalon-pos-gui = salon_pos.cli.main:main" in entry_points


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("resources_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
