"""Qt draws on an X11 desktop through its xcb plugin, which needs system libraries a bare
desktop may lack; without one, Qt aborts with a message about plugins that helps nobody.
So before Qt starts, each is loaded here, and the missing ones are named with the Debian
and Ubuntu packages that provide them."""

from __future__ import annotations

import ctypes
import os
import sys

# The xcb plugin's libraries beyond the C and C++ runtimes and Qt's own, with their
# Debian package (the libraries of PySide6's Qt/plugins/platforms/libqxcb.so).
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
}


def uses_xcb(environ=os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will draw through xcb: on Linux, unless another platform is asked for
    or the desktop is a Wayland session (Qt then prefers Wayland)."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(":")[0].split(";")[0] == "xcb"
    return environ.get("XDG_SESSION_TYPE") != "wayland"


def missing_libraries(load=ctypes.CDLL) -> list[str]:
    missing = []
    for library in XCB_LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append(library)
    return missing


def missing_libraries_message(missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[library] for library in missing))
    return ("Salon POS cannot open its window: this system lacks libraries that Qt needs "
            f"to draw on the desktop ({', '.join(missing)}).\n\n"
            f"On Debian or Ubuntu, install them with:\n\n    sudo apt install {packages}\n\n"
            "then start Salon POS again. (On another system, install the packages that "
            "provide these files.)")
