"""The client page's Courses tab: the client's prepaid courses — what each covers, the
sessions and value left, its last day — with Refund unused sessions… (a manager's)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from salon_pos.services.views.courses import CourseView, client_courses
from salon_pos.ui.dialogs.courses import CourseRefund
from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Course", "Sessions of", "Left", "Value left", "Valid until", "Bought")


class CoursesTab(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.client_id: int | None = None
        self.courses: list[CourseView] = []
        self.rows = RowsModel(HEADERS, right_aligned=(2, 3), parent=self)
        self.table = list_table(self.rows, "Prepaid courses", 1)
        self.message = MessageLine()
        self.refund_button = QPushButton("Refund unused sessions…")
        self.refund_button.setAccessibleName("Refund unused sessions")
        self.refund_button.setToolTip("Give back what the chosen course's unused sessions "
                                      "hold (a manager's)")
        self.refund_button.clicked.connect(self.refund)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.refund_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_client(self, client_id: int) -> None:
        self.client_id = client_id
        salon = self.session.salon
        money, today = salon.settings().money, salon.today()
        self.courses = client_courses(salon, client_id)
        self.rows.set_rows([
            (course.name, course.services,
             f"{course.sessions_left} of {course.sessions}", money(course.value_left),
             f"{course.expires_on:%d %b %Y}" + (" (expired)" if course.sessions_left
                                                 and course.expired(today) else ""),
             f"{course.issued_on:%d %b %Y} for {money(course.price)}")
            for course in self.courses])
        self.refund_button.setEnabled(any(course.sessions_left for course in self.courses))

    def summary(self) -> str:
        """The client's courses in a word, for the page's badges: "Courses: 5 sessions"."""
        left = [course for course in self.courses if course.sessions_left
                and not course.expired(self.session.salon.today())]
        if not left:
            return "No course"
        return f"Courses: {sum(course.sessions_left for course in left)} sessions left"

    def refund(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        course = self.courses[rows[0].row()] if rows else next(
            (c for c in self.courses if c.sessions_left), None)
        if course is None or not course.sessions_left:
            self.message.refuse("Choose a course with sessions left first.")
            return
        self.dialog = CourseRefund(self.session, course, self)
        self.dialog.accepted.connect(lambda: self._refunded(course))
        open_modeless(self.dialog)

    def _refunded(self, course: CourseView) -> None:
        self.show_client(self.client_id)
        self.message.done(f"{course.name}: its unused sessions were refunded.")
