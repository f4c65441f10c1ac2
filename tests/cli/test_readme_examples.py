"""The README's command-line examples run on the demo salon as written.

A fenced `sh` block right after the line `MARKER` is a block of examples: each line (with
its `\\` continuations) is a `salon-pos` command, run in that order on the demo the README
builds, in the default database (`XDG_DATA_HOME` points the user data folder at a
temporary one), from an empty folder, with no terminal and the demo's PIN on standard
input. Each must exit 0 with no traceback.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "README.md"
MARKER = "<!-- runs on the demo: tests/cli/test_readme_examples.py -->"
PIN = "1234"  # Maeve O'Connor's, as the README says

pytestmark = pytest.mark.sqlite_only("the README's examples run on the default SQLite file")


def readme_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(re.escape(MARKER) + r"\n```sh\n(.*?)```", text, re.DOTALL)
    lines = "".join(blocks).replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip()]


def salon_pos(command: str, home: Path) -> subprocess.CompletedProcess:
    """`command` (a README line) as a user's shell runs it, with no terminal."""
    program, *argv = shlex.split(command, comments=True)
    assert program == "salon-pos", command
    return subprocess.run([sys.executable, "-m", "salon_pos", *argv], cwd=home / "work",
                          env={**os.environ, "XDG_DATA_HOME": str(home / "data")},
                          input=f"{PIN}\n", capture_output=True, text=True,
                          start_new_session=True, timeout=300)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    """A home with the demo salon built by the README's own command."""
    home = tmp_path_factory.mktemp("readme")
    (home / "work").mkdir()
    build = re.search(r"^salon-pos demo --days \d+", README.read_text(encoding="utf-8"),
                      re.MULTILINE)
    assert build, "the README says how to build the demo"
    done = salon_pos(build[0], home)
    assert done.returncode == 0, done.stderr
    return home


def test_the_readme_marks_its_examples():
    examples = readme_examples()

    assert len(examples) >= 20
    for command in ("receipt", "refund-receipt", "deposit-receipt", "sales", "refunds",
                    "journal", "calendar stylist", "export accounts"):
        assert any(f"salon-pos {command} " in line for line in examples), command


def test_every_example_runs_on_the_demo_as_written(demo_home):
    failed = []
    for command in readme_examples():
        done = salon_pos(command, demo_home)
        if done.returncode != 0 or "Traceback" in done.stderr:
            failed.append(f"{command}\n  exit {done.returncode}: {done.stderr.strip()}")

    assert not failed, "\n".join(failed)
