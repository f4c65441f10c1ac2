"""A choice of the ways to pay one use offers (a deposit, a house-account payment), as the
registry lists them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from salon_pos.domain.ways_to_pay import CARD, WAYS_TO_PAY, Use, ways_to_pay


def way_choice(use: Use, reference: QLineEdit) -> QComboBox:
    """Card chosen at first (deposits and account payments mostly go through the terminal);
    `reference` is open for typing only for a way that asks for the terminal's reference."""
    choice = QComboBox()
    choice.setAccessibleName("Paid by")
    for way in ways_to_pay(use):
        choice.addItem(way.label, way.code)
    choice.setCurrentIndex(max(0, choice.findData(CARD.code)))

    def follow() -> None:
        reference.setEnabled(WAYS_TO_PAY[choice.currentData()].needs_reference)

    choice.currentIndexChanged.connect(follow)
    follow()
    return choice


def reference_hint(settings) -> str:
    """What the reference box says while empty: whether the salon needs the reference."""
    return ("The card terminal's reference" if settings.terminal_reference_required
            else "The card terminal's reference (if you want it)")


def typed_reference(choice: QComboBox, reference: QLineEdit) -> str:
    """The reference typed, for a way that asks for one ("" for the others)."""
    return reference.text() if WAYS_TO_PAY[choice.currentData()].needs_reference else ""
