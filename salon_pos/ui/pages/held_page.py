"""A page of money the salon holds for clients, one row per record (a gift voucher, a
prepaid course), the soonest to expire first, expired ones marked; and taking what the
expired ones hold into income, a manager's act recorded in the journal. Each kind says
what it lists and how (`rows`, `summary`) and which operation takes expired ones in."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_pos.domain.errors import DomainError
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.messages import confirm
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine


class HeldPage(QWidget):
    title = ""
    hint = ""
    headers: tuple[str, ...] = ()
    right_aligned: tuple[int, ...] = ()
    stretch = 0
    plural = ""  # "vouchers": what the expired records are called

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.expired_total = 0
        hint = QLabel(self.hint, objectName="hint")
        hint.setWordWrap(True)
        self.summary = QLabel(objectName="hint")
        self.summary.setAccessibleName(self.title)
        self.model = RowsModel(self.headers, right_aligned=self.right_aligned, parent=self)
        self.view = list_table(self.model, self.title, stretch=self.stretch)
        self.view.setAlternatingRowColors(True)
        self.message = MessageLine()
        self.expire_button = QPushButton("Take expired into income…")
        self.expire_button.setAccessibleName("Take expired into income")
        self.expire_button.setMinimumHeight(36)
        self.expire_button.clicked.connect(self.take_expired)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.expire_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.title, objectName="pageTitle"))
        layout.addWidget(hint)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    def load(self) -> tuple[list[tuple[str, ...]], str, int]:
        """The rows, the line above them, and what the expired ones hold."""
        raise NotImplementedError

    def take_into_income(self, approver: int) -> dict:
        """The operation: {"amount": …, and how many, by the plural's name}."""
        raise NotImplementedError

    def refresh(self) -> None:
        """A few hundred rows at most (only records still holding money): read at once."""
        rows, summary, self.expired_total = self.load()
        self.model.set_rows(rows)
        self.summary.setText(summary)
        self.expire_button.setEnabled(self.expired_total > 0)

    def take_expired(self) -> None:
        money = self.session.salon.settings().money
        if not confirm(self, f"Expired {self.plural}",
                       f"Take {money(self.expired_total)} left on expired {self.plural} into "
                       "income? Their holders can no longer use it.",
                       "Take into income", "Cancel"):
            return
        approver = manager_approval(self.session, f"Taking expired {self.plural} into income",
                                    self)
        if approver is None:
            self.message.refuse("Not done: no manager approved it.")
            return
        try:
            done = self.take_into_income(approver)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.refresh()
        count = done[self.plural]
        self.message.done(f"{money(done['amount'])} from {count} expired "
                          f"{self.plural if count != 1 else self.plural[:-1]} taken into "
                          "income.")
