"""Where the shipped resources (fonts, style sheet, icons) are, run from a checkout."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)
