"""The client page's Patch tests tab: every test (what, when, who, the result) and the acts
on them — record a test, read one, and a manager clearing a reaction. Where the client
stands today (`state`, `said`) the page shows under the client's alerts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_pos.domain.localtime import local_of
from salon_pos.domain.patch_tests import PatchState, Result, describe
from salon_pos.services.views.patch_tests import PatchTestView, client_tests, patch_state
from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.dialogs.patch_tests import ClearReactionDialog, ReadTestDialog, RecordTestDialog
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Done", "Products", "By", "Result", "Signed", "Notes")
WHEN = "%a %d %b %Y %H:%M"


class PatchTestsTab(QWidget):
    changed = Signal()  # a test was recorded, read or cleared: the page's badge follows

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.client_id: int | None = None
        self.client_name = ""
        self.tests: list[PatchTestView] = []
        self.state: PatchState | None = None
        self.said = ""
        self.none_yet = QLabel("No patch test on record.", objectName="hint")
        self.rows = RowsModel(HEADERS, parent=self)
        self.table = list_table(self.rows, "Patch tests", 5)
        self.table.selectionModel().selectionChanged.connect(self._follow)
        self.message = MessageLine()
        self.record_button = self._button("Record a test…", self.record,
                                          "A patch test done now, or one done earlier")
        self.read_button = self._button("Read the result…", self.read,
                                        "Clear or a reaction, for the chosen test not read yet")
        self.clear_button = self._button("Clear the reaction…", self.clear,
                                         "A manager's, with the reason (e.g. a doctor's letter)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.record_button, self.read_button, self.clear_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_yet)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _button(self, text: str, action, hint: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(hint)
        button.clicked.connect(action)
        return button

    def show_client(self, client_id: int, name: str) -> None:
        self.client_id, self.client_name = client_id, name
        salon = self.session.salon
        tz = salon.settings().tz
        self.tests = client_tests(salon, client_id)
        self.state = patch_state(salon, client_id, salon.now_stored())
        self.said = describe(self.state, tz)
        self.none_yet.setVisible(not self.tests)
        self.rows.set_rows([(f"{local_of(test.done_at, tz):{WHEN}}", test.products,
                             test.done_by, _result(test), "✓" if test.signed else "",
                             test.notes) for test in self.tests])
        self._follow()

    def _chosen(self) -> PatchTestView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.tests[rows[0].row()] if rows else None

    def _first(self, wanted) -> PatchTestView | None:
        """The chosen test if it is one `wanted`, else the newest that is."""
        chosen = self._chosen()
        if chosen is not None and wanted(chosen):
            return chosen
        return next((test for test in self.tests if wanted(test)), None)

    def _follow(self) -> None:
        self.read_button.setEnabled(self._first(_not_read) is not None)
        self.clear_button.setEnabled(self._first(_reaction) is not None)

    def record(self) -> None:
        self._open(RecordTestDialog(self.session, self.client_id, self.client_name, self),
                   "The patch test is recorded.")

    def read(self) -> None:
        test = self._first(_not_read)
        if test is not None:
            self._open(ReadTestDialog(self.session, test, self), "The result is recorded.")

    def clear(self) -> None:
        test = self._first(_reaction)
        if test is not None:
            self._open(ClearReactionDialog(self.session, test, self),
                       "The reaction is cleared; the client needs a clear test before such "
                       "work.")

    def _open(self, dialog, done: str) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._done(done))
        open_modeless(dialog)

    def _done(self, said: str) -> None:
        self.show_client(self.client_id, self.client_name)
        self.changed.emit()
        self.message.done(said)


def _result(test: PatchTestView) -> str:
    if test.result is Result.REACTION:
        return f"reaction, cleared: {test.cleared_reason}" if test.cleared else "REACTION"
    return str(test.result)


def _not_read(test: PatchTestView) -> bool:
    return test.result is Result.NOT_READ


def _reaction(test: PatchTestView) -> bool:
    return test.result is Result.REACTION and not test.cleared
