"""The colour formula of a visit and its photos: the bowls start from the client's last
formula (copied forward: change what differs), and photos are added before and after the
work."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError, InvalidInput
from salon_pos.domain.formulas import Bowl
from salon_pos.domain.localtime import local_of
from salon_pos.services.operations import formulas, visit_photos
from salon_pos.services.views.day_book import booking_details
from salon_pos.services.views.formulas import photos_of_visit, starting_formula
from salon_pos.ui.session import Session

COLUMNS = ("Part of the head", "Colour line", "Shades and amounts", "Developer", "Ratio",
           "Minutes")
THUMB = 84


class FormulaDialog(QDialog):
    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        details = booking_details(session.salon, booking_id)
        self.setWindowTitle(f"Formula and photos — {details.client}")
        self.resize(980, 600)
        formula, own = starting_formula(session.salon, booking_id)
        tz = session.salon.settings().tz
        if formula is None:
            said = "No formula on record for this client: write the first."
        elif own:
            said = "This visit's formula: change it if the mix changed."
        else:
            said = (f"Copied from the visit of {local_of(formula.written_at, tz):%a %d %b %Y}"
                    f" ({escape(formula.written_by)}): change what differs today.")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Bowls")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (1, 150), (3, 110), (4, 60), (5, 80)):
            self.table.setColumnWidth(column, width)
        for bowl in (formula.bowls if formula else ()):
            self.add_bowl(bowl)
        if not self.table.rowCount():
            self.add_bowl(Bowl("Roots", "", "", "", "", 0))
        # The last visit's formula is only a starting point: it becomes this visit's once
        # changed, or ticked as the same — a photo alone (after a cut) writes no formula.
        self.keep = QCheckBox("Save the bowls as this visit's formula")
        self.keep.setChecked(own)
        self.table.itemChanged.connect(lambda _item: self.keep.setChecked(True))
        add = QPushButton("Add a bowl")
        add.clicked.connect(lambda: self.add_bowl(Bowl("", "", "", "", "", 0)))
        remove = QPushButton("Remove the bowl")
        remove.clicked.connect(self.remove_bowl)
        self.notes = QPlainTextEdit(formula.notes if formula else "",
                                    placeholderText="e.g. Pre-soften the grey at the temples")
        self.notes.setAccessibleName("Formula notes")
        self.notes.setFixedHeight(54)
        self.notes.textChanged.connect(lambda: self.keep.setChecked(True))
        self.new_photos: dict[str, list[Path]] = {visit_photos.BEFORE: [],
                                                  visit_photos.AFTER: []}
        self.thumbs: dict[str, QHBoxLayout] = {}
        photos = QFormLayout()
        photos.addRow("Notes", self.notes)
        for moment in (visit_photos.BEFORE, visit_photos.AFTER):
            row = QHBoxLayout()
            self.thumbs[moment] = row
            button = QPushButton(f"Add {moment} photo…")
            button.setAccessibleName(f"Add a photo {moment} the work")
            button.clicked.connect(lambda _checked=False, m=moment: self.choose_photo(m))
            row.addWidget(button)
            row.addStretch(1)
            photos.addRow(moment.capitalize(), row)
        for moment, paths in photos_of_visit(session.salon, booking_id).items():
            for path in paths:
                self._thumb(moment, path)
        bowl_buttons = QHBoxLayout()
        bowl_buttons.addWidget(add)
        bowl_buttons.addWidget(remove)
        bowl_buttons.addStretch(1)
        bowl_buttons.addWidget(self.keep)
        self.message = QLabel("", objectName="message", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save formula and photos",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{escape(details.client)}</b> — "
                                f"{escape(', '.join(n for n, _m, _p in details.services))}"))
        layout.addWidget(QLabel(said, objectName="hint", wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(bowl_buttons)
        layout.addLayout(photos)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def add_bowl(self, bowl: Bowl) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (bowl.area, bowl.product, bowl.shades, bowl.developer, bowl.ratio,
                  str(bowl.minutes) if bowl.minutes else "")
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def remove_bowl(self) -> None:
        if (row := self.table.currentRow()) >= 0:
            self.table.removeRow(row)
            self.keep.setChecked(True)

    def add_photo_file(self, moment: str, path: Path) -> None:
        self.new_photos[moment].append(path)
        self._thumb(moment, path)

    def _thumb(self, moment: str, path: Path) -> None:
        thumb = QLabel()
        thumb.setToolTip(path.name)
        picture = QPixmap(str(path))
        if picture.isNull():
            thumb.setText(path.name)
        else:
            thumb.setPixmap(picture.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
        row = self.thumbs[moment]
        row.insertWidget(row.count() - 2, thumb)

    def choose_photo(self, moment: str) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, f"Photos {moment} the work",
                                                str(Path.home()),
                                                "Pictures (*.jpg *.jpeg *.png *.gif)")
        for name in files:
            self.add_photo_file(moment, Path(name))

    def bowls(self) -> list[Bowl]:
        found = []
        for row in range(self.table.rowCount()):
            area, product, shades, developer, ratio, minutes = (
                (self.table.item(row, column).text() if self.table.item(row, column) else "")
                for column in range(len(COLUMNS)))
            if not any(value.strip() for value in (product, shades, developer, minutes)):
                continue  # a bowl left empty is no bowl
            try:
                time = int(minutes.strip() or 0)
            except ValueError:
                raise InvalidInput(f"The minutes for the {area.lower() or 'bowl'} are a "
                                   "number, such as 35.") from None
            found.append(Bowl(area, product, shades, developer, ratio, time))
        return found

    def save(self) -> None:
        salon, by = self.session.salon, self.session.staff_id
        try:
            bowls = self.bowls() if self.keep.isChecked() else []
            with salon.batch():  # the formula and every photo: all or none
                if bowls:
                    formulas.save_formula(salon, self.booking_id, bowls, by=by,
                                          notes=self.notes.toPlainText())
                for moment, paths in self.new_photos.items():
                    for path in paths:
                        visit_photos.add_visit_photo(salon, self.booking_id, path,
                                                     moment=moment, by=by)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
