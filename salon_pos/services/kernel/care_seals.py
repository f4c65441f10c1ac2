"""Sealing care records into the journal, and finding those changed since: each record
kind says how to read its rows' states; `verify` holds every row to its last seal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import peewee as pw

from salon_pos.domain.care_records import image_digest, reference, seal
from salon_pos.domain.errors import NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import post
from salon_pos.store.models import JournalEntry, Signature


@dataclass(frozen=True)
class SealedKind:
    """A kind of care record: its reference prefix, how a person names it, the journal
    kind that seals it, and its rows' (id, state) pairs in a salon (of one client, or of
    every client for None)."""

    prefix: str
    noun: str
    kind: Kind
    states: Callable[[Salon, int | None], Iterable[tuple[int, dict]]]

    def client_states(self, salon: Salon, client_id: int) -> dict[int, dict]:
        return dict(self.states(salon, client_id))


# What a record's state says of a signature it links to that is not there (deleted by
# hand): the record then differs from its seal, and verify names it.
MISSING_SIGNATURE = "missing"

# The last seal of a record erased by the program (operations.erasure): it is gone, and
# rightly so.
ERASED = seal({"erased": True})


def with_signature(salon: Salon, model: type[pw.Model]) -> pw.ModelSelect:
    """Rows of a signed kind of record (a model with a `signature` link), each carrying its
    signature's picture as `signature_image` (None without one, or when it is gone), in one
    query."""
    return (model.select(model, Signature.image.alias("signature_image"))
            .join(Signature, pw.JOIN.LEFT_OUTER, on=model.signature == Signature.id).objects())


def signature_digest(row) -> str | None:
    """The digest of the signature a row of `with_signature` carries, read from the picture
    itself: a picture swapped by hand shows, and so does one deleted."""
    if row.signature_id is None:
        return None
    if row.signature_image is None:
        return MISSING_SIGNATURE
    return image_digest(bytes(row.signature_image))


def seal_record(salon: Salon, kind: SealedKind, record_id: int, state: dict, *,
                client_id: int, staff_id: int, approved_by_id: int | None = None,
                booking_id: int | None = None) -> None:
    """Keep a record's new state in the chain (inside `salon.writing()`, after the change)."""
    post(salon, kind.kind, 0, client_id=client_id, staff_id=staff_id,
         approved_by_id=approved_by_id, booking_id=booking_id,
         reference=reference(kind.prefix, record_id), memo=seal(state))


def seal_erased(salon: Salon, kind: SealedKind, record_id: int, *, client_id: int,
                staff_id: int) -> None:
    """Keep in the chain that a record was erased (inside `salon.writing()`)."""
    post(salon, kind.kind, 0, client_id=client_id, staff_id=staff_id, approved_by_id=staff_id,
         reference=reference(kind.prefix, record_id), memo=ERASED)


def last_seal(salon: Salon, kind: SealedKind, record_id: int) -> str | None:
    """The digest the journal last kept of a record (None: never sealed)."""
    return (JournalEntry.select(JournalEntry.memo).where(
        (JournalEntry.kind == kind.kind)
        & (JournalEntry.reference == reference(kind.prefix, record_id)))
        .order_by(JournalEntry.seq.desc()).scalar())


def check_client_seals(salon: Salon, kind: SealedKind, client_id: int,
                       states: dict[int, dict]) -> None:
    """Refuse to rely on a client's records (`states` by id) unless each is as last sealed
    and none sealed is missing: a reaction edited to "clear" by hand, or deleted, must not
    let a service start. (A record the program erased is rightly missing.)"""
    sealed: dict[str, str] = {}
    for ref, memo in JournalEntry.select(JournalEntry.reference, JournalEntry.memo).where(
            (JournalEntry.client == client_id) & (JournalEntry.kind == kind.kind)
            & JournalEntry.reference.startswith(f"{kind.prefix}:")).order_by(
            JournalEntry.seq).tuples():
        sealed[ref] = memo
    sealed = {ref: memo for ref, memo in sealed.items() if memo != ERASED}
    found = {reference(kind.prefix, record_id): seal(state)
             for record_id, state in states.items()}
    if found != sealed:
        raise NotAllowed(
            f"The client's {kind.noun} records do not match the journal: they were changed "
            "outside Salon POS. Nothing was done; a manager should run “salon-pos verify” "
            "and restore a good backup.")


def seal_problems(salon: Salon, kinds: Iterable[SealedKind]) -> list[tuple[int, str]]:
    """Every record whose state is not the one last sealed, every record never sealed and
    every sealed one that is gone."""
    problems: list[tuple[int, str]] = []
    for kind in kinds:
        sealed: dict[str, tuple[int, str]] = {}
        for seq, ref, memo in JournalEntry.select(
                JournalEntry.seq, JournalEntry.reference, JournalEntry.memo).where(
                (JournalEntry.kind == kind.kind)
                & JournalEntry.reference.startswith(f"{kind.prefix}:")).order_by(
                JournalEntry.seq).tuples():
            sealed[ref] = (seq, memo)
        for record_id, state in kind.states(salon, None):
            seq, memo = sealed.pop(reference(kind.prefix, record_id), (0, None))
            if memo is None:
                problems.append((0, f"{kind.noun} {record_id} is not in the journal: it was "
                                    "added outside Salon POS"))
            elif memo != seal(state):
                problems.append((seq, f"{kind.noun} {record_id} was changed outside Salon POS "
                                      "since it was recorded"))
        problems += [(seq, f"{kind.noun} {ref.partition(':')[2]} is in the journal but was "
                           "removed outside Salon POS")
                     for ref, (seq, memo) in sealed.items() if memo != ERASED]
    return problems
