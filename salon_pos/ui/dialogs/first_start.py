"""The guided start of a new salon: the salon and its first manager, the tax on services,
the stylists, the services — then the day book, with the first booking one press away.
Or the demo salon, to try things out. Each step is saved by the salon's own operations
(so the journal keeps it as always) off the UI thread: PINs take a moment to hash, and the
demo a while to build. Opened again from the day book, the guide shows only the steps still
missing."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout

from salon_pos.domain.errors import DomainError
from salon_pos.services.views.getting_started import SERVICES, STYLISTS, TAX
from salon_pos.ui.dialogs.first_start_pages import PAGES, SALON, GuidePage
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.progress_line import ProgressLine

DEMO_DAYS = 14


class FirstStartDialog(QDialog):
    def __init__(self, session: Session, parent=None, *,
                 steps: tuple[str, ...] = (SALON, TAX, STYLISTS, SERVICES),
                 approved_by: int | None = None):
        """`steps` to go through (the day book passes the missing ones, with the manager
        who `approved_by` them); the salon step comes with the demo's button."""
        super().__init__(parent)
        self.session = session
        self.steps = steps
        self.approver = approved_by
        self.running = False
        self.setWindowTitle("Welcome to Salon POS" if SALON in steps
                            else "Setting up the salon")
        self.setMinimumWidth(620)
        self.step_label = QLabel(objectName="hint")
        self.pages = QStackedWidget()
        self.message = MessageLine()
        self.progress = ProgressLine()
        self.progress.moved.connect(self._demo_moved)
        self.demo_button = QPushButton(f"Try the demo salon ({DEMO_DAYS} days of history)")
        self.demo_button.setAccessibleName("Try the demo salon")
        self.demo_button.clicked.connect(self.load_demo)
        self.later_button = QPushButton("Do the rest later")
        self.later_button.setToolTip("Go to the day book now: it says what is still missing")
        self.later_button.clicked.connect(self.accept)
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_step)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.index = -1
        self._show_step(0)

    @property
    def page(self) -> GuidePage:
        return self.pages.currentWidget()

    def _show_step(self, index: int) -> None:
        """Each page is built when reached: the tax page starts from the time zone just
        chosen."""
        self.index = index
        page = PAGES[self.steps[index]](self.session)
        page.setMinimumHeight(page.sizeHint().height())  # a message below grows the window
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        last = index == len(self.steps) - 1
        self.step_label.setText(f"Step {index + 1} of {len(self.steps)}")
        self.next_button.setText("Set up my salon" if page.key == SALON
                                 else "Finish" if last else "Next")
        self.next_button.setAccessibleName(self.next_button.text())
        self.demo_button.setVisible(page.key == SALON)
        self.later_button.setVisible(page.key != SALON)
        page.first_field().setFocus()

    def next_step(self) -> None:
        try:
            work = self.page.prepared(self.approver)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self._set_running(True)
        self.message.working("Saving…")
        self.session.tasks.run_in_background(work, self._saved, self._refused)

    def _saved(self, result) -> None:
        self._set_running(False)
        self.message.clear()
        page = self.page
        page.saved(result)
        if page.key == SALON:
            self.approver = self.session.staff_id
        if self.index == len(self.steps) - 1:
            self.accept()
            return
        self._show_step(self.index + 1)

    def _refused(self, error: DomainError) -> None:
        self._set_running(False)
        self.progress.hide()
        if hasattr(self.page, "grey_saved"):
            self.page.grey_saved()  # the lines saved before the refused one
        self.message.refuse(error.message)

    # — the demo —

    def load_demo(self) -> None:
        from salon_pos.demo import build_demo

        self._set_running(True)
        self.message.working("Building the demo salon: its staff, services and clients… "
                             "(PINs: manager 1234, front desk 1111)")
        self.progress.start()
        self.session.tasks.run_in_background(
            lambda: build_demo(self.session.salon, days=DEMO_DAYS, seed=1,
                               progress=self.progress.report),
            lambda _summary: self.accept(), self._refused)

    def _demo_moved(self, done: int, total: int) -> None:
        self.message.working(f"Building the demo salon: day {done} of {total} played… "
                             "(PINs: manager 1234, front desk 1111)")

    def _set_running(self, running: bool) -> None:
        self.running = running
        for button in (self.next_button, self.demo_button, self.later_button):
            button.setEnabled(not running)

    def reject(self) -> None:
        """Escape or the close button wait while a step is saved; once the salon is set
        up, closing the guide is finishing it later."""
        if self.running:
            return
        if self.session.staff_id is not None and SALON in self.steps:
            self.accept()
            return
        super().reject()
