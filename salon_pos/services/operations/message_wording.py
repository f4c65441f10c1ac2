"""A manager's wording of each kind of message to clients: saved (checked first: every
placeholder known, every "$" meant), or given back to the wording the salon started with.
Each change is an approved change in the journal."""

from __future__ import annotations

from salon_pos.domain.messages import MessageKind, check_wording
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.approvals import record_approval
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import MessageTemplate


def save_wording(salon: Salon, kind: MessageKind, *, subject: str, body: str,
                 approved_by: int) -> None:
    kind = MessageKind(kind)
    wording = check_wording(subject, body)
    with salon.writing():
        require_manager(salon, approved_by)
        fields = {"subject": wording.subject, "body": wording.body, "changed_by": approved_by,
                  "changed_at": salon.now_stored()}
        MessageTemplate.insert(kind=kind, **fields).on_conflict(
            conflict_target=[MessageTemplate.kind], update=fields).execute()
        record_approval(salon, approved_by, f"wording of the message “{kind.label}” changed")


def restore_wording(salon: Salon, kind: MessageKind, *, approved_by: int) -> None:
    """Back to the wording the salon started with."""
    kind = MessageKind(kind)
    with salon.writing():
        require_manager(salon, approved_by)
        if MessageTemplate.delete().where(MessageTemplate.kind == kind).execute():
            record_approval(salon, approved_by,
                            f"wording of the message “{kind.label}” set back to the original")
