"""The dialogs of a client's patch tests: a test recorded (done now, or earlier from a
card), its result read once the wait is over, and a reaction cleared by a manager with
the reason."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLabel, QLineEdit, QPlainTextEdit

from salon_pos.domain.localtime import local_of, local_to_utc
from salon_pos.domain.patch_tests import Result
from salon_pos.services.operations import patch_tests
from salon_pos.services.views.patch_tests import PatchTestView
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.signature_pad import SignatureBox

RESULT_LABELS = {Result.NOT_READ: "Not read yet (read it in 48 hours)",
                 Result.CLEAR: "Clear", Result.REACTION: "Reaction"}


def _notes_box(placeholder: str) -> QPlainTextEdit:
    notes = QPlainTextEdit(placeholderText=placeholder)
    notes.setFixedHeight(70)
    return notes


def _results(*results: Result) -> QComboBox:
    choice = QComboBox()
    for result in results:
        choice.addItem(RESULT_LABELS[result], result)
    return choice


class RecordTestDialog(FormDialog):
    """A patch test done on the client: what was tested, when (now unless it was done
    earlier), by whom (the person logged in) and, for an earlier one, its result."""

    def __init__(self, session: Session, client_id: int, client_name: str, parent=None):
        super().__init__(f"Patch test for {client_name}", "Record", parent, shortcut="Ctrl+S")
        self.session, self.client_id = session, client_id
        self.tz = session.salon.settings().tz
        self.products = QLineEdit(placeholderText="e.g. Koleston 6/0 with 6 % developer")
        self.done_at = QDateTimeEdit(self._now())
        self.done_at.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.done_at.setCalendarPopup(True)
        self.done_at.setMaximumDateTime(self._now().addSecs(300))
        self.result = _results(Result.NOT_READ, Result.CLEAR, Result.REACTION)
        self.notes = _notes_box("Where it was put, anything the client said")
        for label, widget in (("Products tested", self.products), ("Done", self.done_at),
                              ("Result", self.result), ("Notes", self.notes)):
            self.add_row(label, widget)
        self.form.addRow(QLabel("A test done now is read after the wait (48 hours by the "
                                "salon's settings); one done earlier can be recorded with "
                                "its result.", objectName="hint", wordWrap=True))
        self.signature = SignatureBox("When the client is here, they sign: they agree to the "
                                      "test and will tell the salon of any reaction.")
        self.form.addRow(self.signature)

    def _now(self) -> QDateTime:
        now = local_of(self.session.salon.now(), self.tz).replace(tzinfo=None, second=0,
                                                                   microsecond=0)
        return QDateTime(now)

    def prepared(self) -> Operation:
        local = self.done_at.dateTime().toPython()
        done_at = local_to_utc(local.date(), local.time(), self.tz)
        salon, client = self.session.salon, self.client_id
        products, result = self.products.text(), self.result.currentData()
        notes, by = self.notes.toPlainText(), self.session.staff_id
        signature = self.signature.pad.png() or None
        return lambda: patch_tests.record_test(salon, client, products=products, by=by,
                                               done_at=done_at, result=result, notes=notes,
                                               signature=signature)


class ReadTestDialog(FormDialog):
    """What a test not read yet showed."""

    def __init__(self, session: Session, test: PatchTestView, parent=None):
        super().__init__("Read a patch test", "Save the result", parent, shortcut="Ctrl+S")
        self.session, self.test = session, test
        done = local_of(test.done_at, session.salon.settings().tz)
        self.form.addRow(QLabel(f"{test.products}, done {done:%a %d %b %H:%M} by "
                                f"{test.done_by}.", wordWrap=True))
        self.result = _results(Result.CLEAR, Result.REACTION)
        self.notes = _notes_box("What was seen (redness, itching …)")
        self.notes.setPlainText(test.notes)
        self.add_row("Result", self.result)
        self.add_row("Notes", self.notes)

    def prepared(self) -> Operation:
        salon, test_id, by = self.session.salon, self.test.test_id, self.session.staff_id
        result, notes = self.result.currentData(), self.notes.toPlainText()
        return lambda: patch_tests.read_test(salon, test_id, result=result, by=by, notes=notes)


class ClearReactionDialog(FormDialog):
    """A manager clears a reaction, saying why; the client then needs a clear test."""

    def __init__(self, session: Session, test: PatchTestView, parent=None):
        super().__init__("Clear a patch-test reaction", "Clear the reaction", parent,
                         session=session, approval_for="Clearing a patch-test reaction")
        self.test = test
        self.form.addRow(QLabel(f"The reaction to {test.products} stops blocking services "
                                "that need a patch test; the client still needs a clear test "
                                "(or a manager's waiver) before such work.", wordWrap=True))
        self.reason = _notes_box("e.g. Allergy clinic letter of 3 March: no allergy to PPD")
        self.add_row("Reason", self.reason)

    def prepared(self) -> Operation:
        salon, test_id, reason = self.session.salon, self.test.test_id, \
            self.reason.toPlainText()
        return lambda approver: patch_tests.clear_reaction(salon, test_id, reason=reason,
                                                           approved_by=approver)
