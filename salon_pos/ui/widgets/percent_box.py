"""A percentage as people write it ("20 %", "12.5 %"), kept as basis points (2000 = 20 %),
the way the settings and tax classes store rates."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox


class PercentBox(QDoubleSpinBox):
    def __init__(self, basis_points: int = 0, parent=None):
        super().__init__(parent)
        self.setRange(0, 100)
        self.setDecimals(2)
        self.setSuffix(" %")
        self.set_basis_points(basis_points)

    def basis_points(self) -> int:
        # Two decimals on screen: rounding recovers the exact whole number of basis points.
        return round(self.value() * 100)

    def set_basis_points(self, basis_points: int) -> None:
        self.setValue(basis_points / 100)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        """"20 %" rather than "20.00 %"; "12.5 %" keeps what matters."""
        text = self.locale().toString(value, "f", 2)
        decimal = self.locale().decimalPoint()
        return text.rstrip("0").rstrip(decimal) if decimal in text else text
