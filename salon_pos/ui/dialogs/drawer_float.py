"""Cash is about to go into a drawer nobody opened today: ask for its float first, so the
count at the end of the day has a start to compare with. The float can be counted there
and then (the drawer opens with it), or the cash taken without it."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit

from salon_pos.services.operations import cash_drawer
from salon_pos.services.views.drawer import drawer_open_now
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.dialogs.messages import run_modal
from salon_pos.ui.session import Session

GO_ON = 2  # the dialog's answer: take the cash without opening the drawer


class FloatDialog(FormDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__("Open the cash drawer", "Open with this float", parent, session=session)
        settings = session.salon.settings()
        question = QLabel("The cash drawer has not been opened today. Count the float in it "
                          "now, before this cash goes in: the count tonight is compared "
                          "with it.")
        question.setWordWrap(True)
        self.form.addRow(question)
        self.amount = QLineEdit(placeholderText=settings.money(0))
        self.add_row("Float counted", self.amount)
        self.go_on_button = self.buttons.addButton("Take the cash without it",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.go_on_button.setAccessibleName("Take the cash without it")
        self.go_on_button.clicked.connect(lambda: self.done(GO_ON))
        self.amount.setFocus()

    def prepared(self) -> Operation:
        salon = self.session.salon
        return partial(cash_drawer.open_drawer, salon,
                       salon.settings().parse_money(self.amount.text()),
                       by=self.session.staff_id)


def cash_may_go_in(session: Session, parent) -> bool:
    """True when the drawer is open for today, or the person opened it now with its float,
    or chose to take the cash without it; False when they cancelled."""
    if drawer_open_now(session.salon):
        return True
    return run_modal(FloatDialog(session, parent)) != QDialog.DialogCode.Rejected
