"""Purging lapsed clients, a manager's window from the Data tab: first the list — who has
not visited for the retention time, who is held back and why, how many erased clients'
patch tests have been kept long enough — then, on purpose, the erasure of them all. The
list is read and the erasure done off the UI thread (years of bookings)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from salon_pos.domain.errors import DomainError
from salon_pos.services.operations.erasure import PurgePlan, purge, purge_plan
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine


class PurgeDialog(QDialog):
    def __init__(self, session: Session, approved_by: int, parent=None):
        super().__init__(parent)
        self.session = session
        self.approved_by = approved_by
        self.plan: PurgePlan | None = None
        self.busy = True
        self.setWindowTitle("Purge lapsed clients")
        self.resize(760, 520)
        self.said = QLabel("Looking for clients with no visit…", wordWrap=True)
        self.rows = RowsModel(("Client", "Name", "Last visit", "What happens"), parent=self)
        self.table = list_table(self.rows, "Lapsed clients", 3)
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.purge_button = self.buttons.addButton("Erase them",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.purge_button.setAccessibleName("Erase them")
        self.purge_button.setEnabled(False)
        self.purge_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.said)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        salon = session.salon
        session.tasks.run_in_background(lambda: purge_plan(salon), self.show_plan,
                                        self._failed)

    def show_plan(self, plan: PurgePlan) -> None:
        self.busy = False
        self.plan = plan
        self.rows.set_rows(
            [(str(found.client_id), found.name, str(found.last_visit or "never"), "To erase")
             for found in plan.lapsed]
            + [(str(found.client_id), found.name, str(found.last_visit or "never"),
                "Kept for now: " + "; ".join(found.refusals)) for found in plan.held_back])
        due = len(plan.care_records_due)
        self.said.setText(
            f"Clients with no visit for {plan.years} years (the setting under Settings › "
            f"Deposits & policy › Care records): <b>{len(plan.lapsed)}</b> to erase, "
            f"{len(plan.held_back)} held back until what is said is settled. Erased clients "
            f"whose patch tests have now been kept long enough: <b>{due}</b>. Erasing keeps "
            "their money records by number; it cannot be undone.")
        self.purge_button.setEnabled(bool(plan.lapsed or plan.care_records_due))

    def erase(self) -> None:
        plan, salon, by = self.plan, self.session.salon, self.approved_by
        self.busy = True
        self.purge_button.setEnabled(False)
        self.message.working("Erasing…")
        self.session.tasks.run_in_background(
            lambda: purge(salon, plan, approved_by=by), self._erased, self._failed)

    def _erased(self, done) -> None:
        self.busy = False
        left = (f" Photos that could not be deleted: {', '.join(done.files_left)}."
                if done.files_left else "")
        self.message.done(f"{done.clients} client(s) erased; the old patch tests of "
                          f"{done.care_records_clients} erased client(s) erased.{left}")

    def _failed(self, error: DomainError) -> None:
        self.busy = False
        self.message.refuse(error.message)

    def reject(self) -> None:
        if not self.busy:
            super().reject()
