"""A box the client signs in, with a mouse, a pen or a finger: Qt turns a pen's and a
finger's strokes it is not given otherwise into mouse events (its default), so the pad
follows the mouse alone and works with all three. The strokes become a PNG of the ink on
white, cropped to it — what the record keeps."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

_INK = QColor("#10204a")
_SCALE = 2  # the picture is drawn at twice the screen's size: it prints sharp


class SignaturePad(QWidget):
    changed = Signal()  # a stroke finished, or the pad cleared

    def __init__(self, parent=None, *, prompt: str = "Client signs here"):
        super().__init__(parent)
        self.prompt = prompt
        self.strokes: list[list[QPointF]] = []
        self.setMinimumSize(360, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Signature")
        self.setToolTip("Sign with the mouse, a pen or a finger")

    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self.strokes)

    def clear(self) -> None:
        self.strokes.clear()
        self.update()
        self.changed.emit()

    def _inside(self, point: QPointF) -> QPointF:
        """A stroke that leaves the box runs along its edge: the picture stays its size."""
        return QPointF(min(max(point.x(), 0.0), float(self.width())),
                       min(max(point.y(), 0.0), float(self.height())))

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.strokes.append([self._inside(event.position())])
            self.update()

    def mouseMoveEvent(self, event) -> None:
        if self.strokes and event.buttons() & Qt.MouseButton.LeftButton:
            self.strokes[-1].append(self._inside(event.position()))
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.strokes:
            if len(self.strokes[-1]) == 1:  # a tap: a dot, as on paper
                self.strokes[-1].append(self.strokes[-1][0] + QPointF(0.5, 0.5))
            self.update()
            self.changed.emit()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9e9e9e"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        baseline = self.height() - 28
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        if self.is_empty():
            painter.drawText(QRectF(16, baseline + 4, self.width() - 32, 22),
                             Qt.AlignmentFlag.AlignLeft, f"✕  {self.prompt}")
        self._draw_ink(painter, 1)

    def _draw_ink(self, painter: QPainter, scale: float) -> None:
        pen = QPen(_INK, 2.6 * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPath(self._path(scale))

    def _path(self, scale: float) -> QPainterPath:
        path = QPainterPath()
        for stroke in self.strokes:
            if len(stroke) > 1:
                path.moveTo(stroke[0] * scale)
                for point in stroke[1:]:
                    path.lineTo(point * scale)
        return path

    def png(self) -> bytes:
        """The ink on white, cropped with a margin, as PNG bytes (empty when unsigned)."""
        if self.is_empty():
            return b""
        margin = 12 * _SCALE
        ink = self._path(_SCALE).boundingRect().adjusted(-margin, -margin, margin, margin)
        image = QImage(int(ink.width()) + 1, int(ink.height()) + 1,
                       QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-ink.topLeft())
        self._draw_ink(painter, _SCALE)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())


class SignatureBox(QWidget):
    """The pad under the words that say what signing means, with a way to start again."""

    def __init__(self, meaning: str, parent=None):
        super().__init__(parent)
        self.pad = SignaturePad()
        self.meaning = QLabel(meaning, objectName="hint", wordWrap=True)
        again = QPushButton("Clear")
        again.setAccessibleName("Clear the signature")
        again.setToolTip("Wipe the box and sign again")
        again.clicked.connect(self.pad.clear)
        row = QHBoxLayout()
        row.addWidget(self.meaning, 1)
        row.addWidget(again, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.pad, 1)
