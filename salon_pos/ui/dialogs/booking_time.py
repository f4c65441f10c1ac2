"""The one question before booking or moving to an unusual time: outside opening hours, or
already past — said which, so a slip of the finger (07:30 for 17:30) is caught."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QWidget

from salon_pos.domain.booking_times import unusual_start
from salon_pos.services.kernel.context import Salon
from salon_pos.ui.dialogs import messages


def agreed_to_time(parent: QWidget, salon: Salon, start: datetime, end: datetime,
                   action: str) -> bool:
    """True when the time is usual, or the person said to go ahead; `action` is what the
    button says ("Book", "Move")."""
    tz = salon.settings().tz
    local = start.astimezone(tz)
    reasons = unusual_start(local, end.astimezone(tz), salon.now().astimezone(tz))
    if not reasons:
        return True
    day = "today" if local.date() == salon.today() else f"on {local:%a %d %b}"
    question = f"{local:%H:%M} {day} is {' and '.join(reasons)}. {action} it anyway?"
    return messages.confirm(parent, f"{action} at {local:%H:%M}?", question,
                            f"{action} anyway", "Change the time")
