"""The client page's Colour tab: each visit with a formula or photos (when, what, with
whom), and for the chosen one the formula's bowls and the photos before and after, side by
side — what the stylist looks at before mixing again."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from salon_pos.domain.localtime import local_of
from salon_pos.services.views.formulas import Visit, colour_history
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table

HEADERS = ("Visit", "Services", "With", "Kept")
PHOTO_SIDE = 220


class ColourHistoryTab(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.visits: list[Visit] = []
        self.none_yet = QLabel("No formula or photo on record. They are added from the day "
                               "book: Formula and photos… on the visit.", objectName="hint",
                               wordWrap=True)
        self.rows = RowsModel(HEADERS, parent=self)
        self.table = list_table(self.rows, "Visits", 1)
        self.table.selectionModel().selectionChanged.connect(self._follow)
        self.formula = QLabel(wordWrap=True)
        self.formula.setAccessibleName("Formula")
        self.formula.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.photos = QGridLayout()
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.formula)
        detail_layout.addLayout(self.photos)
        detail_layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(detail)
        sides = QHBoxLayout()
        sides.addWidget(self.table, 1)
        sides.addWidget(scroll, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_yet)
        layout.addLayout(sides, 1)

    def show_client(self, client_id: int) -> None:
        tz = self.session.salon.settings().tz
        self.visits = colour_history(self.session.salon, client_id)
        self.none_yet.setVisible(not self.visits)
        self.rows.set_rows([(f"{local_of(v.start, tz):%d %b %Y}", v.services, v.stylist,
                             _kept(v)) for v in self.visits])
        if self.visits:
            self.table.selectRow(0)
        self._follow()

    def _chosen(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.visits[rows[0].row()] if rows else None

    def _follow(self) -> None:
        visit = self._chosen()
        while self.photos.count():
            shown = self.photos.takeAt(0).widget()
            shown.hide()  # at once: deleteLater waits for the event loop
            shown.deleteLater()
        if visit is None:
            self.formula.setText("")
            return
        formula = visit.formula
        self.formula.setText("No formula written for this visit." if formula is None else
                             "<br>".join([f"<b>{escape(b.area)}</b>: {escape(b.mix)}"
                                          for b in formula.bowls]
                                         + ([f"<i>{escape(formula.notes)}</i>"]
                                            if formula.notes else [])
                                         + [f"<span style='color:#6d6d6d'>written by "
                                            f"{escape(formula.written_by)}</span>"]))
        for column, (title, paths) in enumerate((("Before", visit.before),
                                                 ("After", visit.after))):
            self.photos.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
            for row, path in enumerate(paths or (None,), start=1):
                self.photos.addWidget(_picture(path), row, column)


def _kept(visit: Visit) -> str:
    photos = len(visit.before) + len(visit.after)
    said = (["formula"] if visit.formula else []) + (
        [f"{photos} photo{'s' if photos != 1 else ''}"] if photos else [])
    return " · ".join(said)


def _picture(path: Path | None) -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    picture = QPixmap(str(path)) if path else QPixmap()
    if picture.isNull():
        label.setText("—" if path is None else "The photo is not on this station.")
    else:
        label.setPixmap(picture.scaled(PHOTO_SIDE, PHOTO_SIDE,
                                       Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation))
    return label
