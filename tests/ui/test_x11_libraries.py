"""On a bare Linux desktop, the libraries Qt's xcb plugin needs are named, with the
packages to install, before Qt would abort with a message about plugins."""

from __future__ import annotations

import pytest

from salon_pos.services.opening import SalonLocation
from salon_pos.ui import app as app_module
from salon_pos.ui import x11_libraries


def test_a_missing_library_is_named_with_its_package_and_the_app_ends(tmp_path, monkeypatch,
                                                                       capsys):
    def load(name):
        if name in ("libxcb-icccm.so.4", "libxkbcommon-x11.so.0"):
            raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(x11_libraries, "uses_xcb", lambda: True)
    really_missing = x11_libraries.missing_libraries
    monkeypatch.setattr(x11_libraries, "missing_libraries", lambda: really_missing(load))
    monkeypatch.setattr(app_module, "make_application", pytest.fail)  # Qt is never started

    code = app_module.run_app(SalonLocation(str(tmp_path / "salon.db"), tmp_path))

    assert code == 1
    said = capsys.readouterr().err
    assert "libxcb-icccm.so.4, libxkbcommon-x11.so.0" in said
    assert "sudo apt install libxcb-icccm4 libxkbcommon-x11-0\n" in said
    assert not (tmp_path / "salon.db").exists()  # nothing was opened


def test_every_library_found_lets_qt_start():
    assert x11_libraries.missing_libraries(load=lambda name: None) == []


@pytest.mark.parametrize(("environ", "platform", "xcb"), [
    ({}, "linux", True),
    ({"XDG_SESSION_TYPE": "x11"}, "linux", True),
    ({"XDG_SESSION_TYPE": "wayland"}, "linux", False),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_only_qt_on_xcb_is_checked(environ, platform, xcb):
    assert x11_libraries.uses_xcb(environ, platform) is xcb
