"""The dialogs of prepaid courses: a plan added or changed (a manager's, from the
catalogue), a course sold on a checkout ticket (a plan, or the sessions an agreed note
plans), and a course's unused sessions refunded (a manager's, from the client's page)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QListWidget, QSpinBox

from salon_pos.domain.errors import InvalidInput
from salon_pos.services.operations import courses
from salon_pos.services.views.catalogue import list_services
from salon_pos.services.views.courses import CourseView, NoteCourse, PlanView
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.dialogs.sale_line_edit import Apply, _EditDialog
from salon_pos.ui.session import Session


class CoursePlanDialog(FormDialog):
    """`plan` to change, or None to add one: its name, the services its sessions are
    for, how many, the price of them all and how long a course sold is valid."""

    def __init__(self, session: Session, plan: PlanView | None = None, parent=None):
        adding = plan is None
        super().__init__("Add a course plan" if adding else f"Edit {plan.name}", "Save",
                         parent, shortcut="Ctrl+S", session=session,
                         approval_for="Adding a course plan" if adding
                         else "Changing a course plan")
        settings = session.salon.settings()
        self.plan = plan
        self.name = QLineEdit(plan.name if plan else "", placeholderText="e.g. Six blow-dries")
        self.services = QListWidget()
        self.services.setMinimumHeight(120)
        self.setMinimumWidth(560)
        for service in list_services(session.salon):
            self.services.addItem(f"{service['name']} ({settings.money(service['price'])})")
            item = self.services.item(self.services.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, service["id"])
            item.setCheckState(Qt.CheckState.Checked if plan and service["id"] in
                               plan.service_ids else Qt.CheckState.Unchecked)
        self.sessions = QSpinBox(minimum=2, maximum=100, suffix=" sessions")
        self.sessions.setValue(plan.sessions if plan else 6)
        self.price = QLineEdit(settings.money(plan.price) if plan else "",
                               placeholderText=settings.money(15000))
        self.months = QSpinBox(minimum=1, maximum=120, suffix=" months")
        self.months.setValue(plan.validity_months if plan else settings.course_validity_months)
        for label, widget in (("Name", self.name), ("Sessions of", self.services),
                              ("Sessions", self.sessions), ("Price of them all", self.price),
                              ("Valid for", self.months)):
            self.add_row(label, widget)
        self.active = QCheckBox("Still sold (untick to stop selling it)")
        self.active.setChecked(plan.active if plan else True)
        if plan:
            self.add_row("Sold", self.active)
        self.form.addRow(QLabel("A course already sold keeps what it was sold with.",
                                objectName="hint"))

    def prepared(self) -> Operation:
        salon = self.session.salon
        chosen = [self.services.item(row).data(Qt.ItemDataRole.UserRole)
                  for row in range(self.services.count())
                  if self.services.item(row).checkState() == Qt.CheckState.Checked]
        if not chosen:
            raise InvalidInput("Tick the services the course's sessions can be used for.")
        fields = {"service_ids": chosen, "sessions": self.sessions.value(),
                  "price": salon.settings().parse_money(self.price.text()),
                  "validity_months": self.months.value(), "active": self.active.isChecked(),
                  "plan_id": self.plan.id if self.plan else None}
        name = self.name.text()
        return lambda approver: courses.save_plan(salon, name, approved_by=approver, **fields)


class CourseSale(_EditDialog):
    """A course sold on the ticket: one of the salon's plans, or the sessions an agreed
    expectation note of this booking still plans."""

    def __init__(self, plans: list[PlanView], notes: list[NoteCourse], money, apply: Apply,
                 parent=None):
        super().__init__("Sell a prepaid course", apply, "Add course", parent)
        self.choice = QComboBox()
        for note in notes:
            self.choice.addItem(f"From the agreed note — {note.text}", ("note", note.id))
        for plan in plans:
            self.choice.addItem(f"{plan.name}: {plan.sessions} × {plan.services}, "
                                f"{money(plan.price)} (valid {plan.validity_months} months)",
                                ("plan", plan.id))
        self.add_row("Course", self.choice)
        self.form.addRow(QLabel("The course is the client's: its sessions pay for their "
                                "visits, and it starts once the sale is paid.",
                                objectName="hint", wordWrap=True))
        if not self.choice.count():
            self.message.refuse("The salon sells no course yet: a manager adds plans in "
                                "Settings → Catalogue.")
            self.ok_button.setEnabled(False)

    def values(self) -> dict:
        kind, number = self.choice.currentData()
        return {"kind": kind, "number": number}


class CourseRefund(FormDialog):
    """A course's unused sessions refunded, by the way it was paid or as credit."""

    def __init__(self, session: Session, course: CourseView, parent=None):
        money = session.salon.settings().money
        super().__init__(f"Refund {course.name}", "Refund", parent, session=session,
                         approval_for="Refunding a course")
        self.course = course
        self.form.addRow(QLabel(f"{course.left_text}: {money(course.value_left)} goes back "
                                f"(their share of the {money(course.price)} paid).",
                                wordWrap=True))
        self.way = QComboBox()
        self.way.addItem("The way the course was paid", None)
        self.way.addItem("As the client's credit", "credit")
        self.reason = QLineEdit(placeholderText="required: e.g. moving away, medical advice")
        self.add_row("Give back", self.way)
        self.add_row("Reason", self.reason)
        self.reason.setFocus()

    def prepared(self) -> Operation:
        return partial(_refund, self.session, self.course.id, self.reason.text(),
                       self.way.currentData())


def _refund(session: Session, course_id: int, reason: str, method: str | None,
            approver: int) -> dict:
    return courses.refund_course(session.salon, course_id, by=session.staff_id,
                                 approved_by=approver, reason=reason, method=method)
