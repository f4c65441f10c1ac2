"""Prepaid courses held: every course with sessions left (the salon owes their value to the
client), the soonest to expire first, expired ones marked; and taking what expired courses
hold into income, a manager's act recorded in the journal."""

from __future__ import annotations

from salon_pos.services.operations.courses import take_expired_into_income
from salon_pos.services.views.courses import courses_held
from salon_pos.ui.pages.held_page import HeldPage


class CoursesHeldPage(HeldPage):
    title = "Prepaid courses held"
    hint = ("Unused sessions are the client's until they are used or the course expires. A "
            "client's own courses, and refunding unused sessions: their Courses tab.")
    headers = ("Course", "Client", "What", "Sold", "Valid until", "Sessions left", "Paid",
               "Left", "")
    right_aligned = (0, 5, 6, 7)
    stretch = 2
    plural = "courses"

    def load(self):
        money = self.session.salon.settings().money
        today = self.session.salon.today()
        held = courses_held(self.session.salon)
        rows = [(str(c.id), c.client, c.name, f"{c.issued_on:%d %b %Y}",
                 f"{c.expires_on:%d %b %Y}", f"{c.sessions_left} of {c.sessions}",
                 money(c.price), money(c.value_left), "expired" if c.expired(today) else "")
                for c in held]
        total = sum(c.value_left for c in held)
        expired = sum(c.value_left for c in held if c.expired(today))
        return rows, (f"{money(total)} held on {len(held)} "
                      f"{'course' if len(held) == 1 else 'courses'}; {money(expired)} of it "
                      "on expired ones."), expired

    def take_into_income(self, approver: int) -> dict:
        return take_expired_into_income(self.session.salon, by=self.session.staff_id,
                                        approved_by=approver)
