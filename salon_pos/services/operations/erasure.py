"""Erasing a client's personal data — when they ask, or when they have not visited for the
salon's retention time — while the money records stay whole and `verify` still passes.

What goes and what stays is said in `domain.retention`. Care records sealed in the journal
(consultations, signed notes, patch tests) are erased by the program with a seal saying
so, and verify accepts that; patch tests and their waivers stay until their own retention
time ends, then go by the same path (erasing an erased client again, or a purge). The
journal itself names clients by number only; what staff typed in a reason on the client's
money cannot be taken out of it, so erasure names those entries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from salon_pos.domain.booking_status import ACTIVE
from salon_pos.domain.errors import NotAllowed
from salon_pos.domain.localtime import day_start_utc, local_of, to_utc_naive
from salon_pos.domain.messages import Status
from salon_pos.domain.retention import (
    Kept,
    erased_name,
    kept_after_erasure,
    kept_until,
    years_before,
)
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.validation import phone_digits, search_key
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.approvals import record_approval
from salon_pos.services.kernel.care_seals import check_client_seals, seal_erased
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_client
from salon_pos.services.views.consultations import CONSULTATIONS
from salon_pos.services.views.notes import AGREEMENTS
from salon_pos.services.views.patch_tests import PATCH_TESTS, WAIVERS
from salon_pos.store.database import forget_erased
from salon_pos.store.models import (
    Booking,
    Client,
    ColourFormula,
    Consultation,
    Course,
    ExpectationNote,
    FormulaBowl,
    JournalEntry,
    MessageTry,
    NotePhoto,
    OutboxMessage,
    PatchTest,
    PatchTestWaiver,
    Sale,
    Signature,
    VisitPhoto,
    WaitlistEntry,
)

ASKED = "as the client asked"


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a client would do, said before it is done."""

    client_id: int
    name: str
    erased_at: datetime | None  # erased before (then only what has come due goes)
    refusals: tuple[str, ...]  # why it cannot be done now
    kept: tuple[Kept, ...]
    care_records_kept: int  # patch tests and waivers kept for their retention time
    kept_until: date | None  # the last day the last of them is kept
    journal_mentions: tuple[int, ...]  # entries whose typed reason names the client

    @property
    def can_erase(self) -> bool:
        return not self.refusals


@dataclass(frozen=True)
class Erased:
    client_id: int
    care_records_kept: int
    kept_until: date | None
    journal_mentions: tuple[int, ...]
    files_left: tuple[str, ...]  # photos that could not be deleted from the data folder


def erasure_plan(salon: Salon, client_id: int) -> ErasurePlan:
    settings = salon.settings()
    client = get_client(salon, client_id)
    kept, until = _kept_care_records(salon, client_id)
    return ErasurePlan(client_id, client.name, client.erased_at, _refusals(salon, client),
                       kept_after_erasure(settings.care_records_kept_years), kept, until,
                       _journal_mentions(client))


def erase_client(salon: Salon, client_id: int, *, approved_by: int, why: str = ASKED
                 ) -> Erased:
    """Erase the client's personal data (a manager's act, kept in the journal by the
    client's number), then delete their photos from the data folder. Refused, changing
    nothing, while the client has money with the salon, an open booking or sale, or care
    records changed outside Salon POS."""
    with salon.writing():
        require_manager(salon, approved_by)
        client = get_client(salon, client_id)
        refusals = _refusals(salon, client)
        if refusals:
            raise NotAllowed(f"{client.name} cannot be erased yet: {'; '.join(refusals)}. "
                             "Nothing was changed.")
        mentions = _journal_mentions(client)
        files = _erase(salon, client, approved_by)
        record_approval(salon, approved_by, f"Client {client_id}'s personal data erased, {why}")
        kept, until = _kept_care_records(salon, client_id)
    files_left = _delete_unused_photos(salon, files)
    forget_erased(salon.database)
    return Erased(client_id, kept, until, mentions, files_left)


def _refusals(salon: Salon, client: Client) -> tuple[str, ...]:
    money = salon.settings().money
    said = []
    if client.credit_balance:
        said.append(f"their credit of {money(client.credit_balance)} is still held — "
                    "refund it first")
    if client.house_balance:
        said.append(f"their house account stands at {money(client.house_balance)} — "
                    "settle it first")
    courses = Course.select().where((Course.client == client.id) & (Course.balance > 0)).count()
    if courses:
        said.append(f"{courses} prepaid course(s) still hold money — refund or let them "
                    "expire first")
    bookings = Booking.select().where((Booking.client == client.id)
                                      & Booking.status.in_(list(ACTIVE))).count()
    if bookings:
        said.append(f"{bookings} booking(s) are still open — cancel or finish them first "
                    "(their deposits with them)")
    if Sale.select().where((Sale.client == client.id)
                           & (Sale.status == SaleStatus.OPEN)).exists():
        said.append("a sale is still open for them — close or void it first")
    for kind in (PATCH_TESTS, WAIVERS, CONSULTATIONS, AGREEMENTS):
        try:  # erasing must not bless records changed by hand with a new seal
            check_client_seals(salon, kind, client.id, kind.client_states(salon, client.id))
        except NotAllowed:
            said.append(f"their {kind.noun} records were changed outside Salon POS — a "
                        "manager should run “salon-pos verify” and restore a good backup")
    return tuple(said)


def _erase(salon: Salon, client: Client, by: int) -> set[str]:
    """Remove the client's personal data (inside `salon.writing()`); the photo files no
    longer listed."""
    bookings = Booking.select(Booking.id).where(Booking.client == client.id)
    notes = ExpectationNote.select(ExpectationNote.id).where(
        ExpectationNote.booking.in_(bookings))
    files: set[str] = set()
    sealed = {"client_id": client.id, "staff_id": by}

    for row in Consultation.select(Consultation.id).where(Consultation.client == client.id):
        seal_erased(salon, CONSULTATIONS, row.id, **sealed)
    Consultation.delete().where(Consultation.client == client.id).execute()

    for row in ExpectationNote.select(ExpectationNote.id).where(
            ExpectationNote.id.in_(notes) & ExpectationNote.signature.is_null(False)):
        seal_erased(salon, AGREEMENTS, row.id, **sealed)
    files |= _files(NotePhoto.select(NotePhoto.file_name).where(NotePhoto.note.in_(notes)))
    NotePhoto.delete().where(NotePhoto.note.in_(notes)).execute()
    ExpectationNote.update(expected_result="", limits_and_risks="", outcome="", formula="",
                           signature=None).where(ExpectationNote.id.in_(notes)).execute()

    formulas = ColourFormula.select(ColourFormula.id).where(ColourFormula.client == client.id)
    FormulaBowl.delete().where(FormulaBowl.formula.in_(formulas)).execute()
    ColourFormula.delete().where(ColourFormula.client == client.id).execute()
    files |= _files(VisitPhoto.select(VisitPhoto.file_name)
                    .where(VisitPhoto.client == client.id))
    VisitPhoto.delete().where(VisitPhoto.client == client.id).execute()

    _lapsed_before, kept_from = _cutoffs(salon)
    for model, kind, done in ((PatchTest, PATCH_TESTS, PatchTest.done_at),
                              (PatchTestWaiver, WAIVERS, PatchTestWaiver.at)):
        past = _of_client(model, client.id) & (done < kept_from)
        for (record_id,) in model.select(model.id).where(past).tuples():
            seal_erased(salon, kind, record_id, **sealed)
        model.delete().where(past).execute()
    Signature.delete().where(
        (Signature.client == client.id) & Signature.id.not_in(
            PatchTest.select(PatchTest.signature).where(PatchTest.signature.is_null(False)))
    ).execute()

    Booking.update(notes="").where(Booking.client == client.id).execute()
    messages = OutboxMessage.select(OutboxMessage.id).where(OutboxMessage.client == client.id)
    OutboxMessage.update(status=Status.DISMISSED).where(  # one being sent finishes unnamed
        (OutboxMessage.client == client.id)
        & OutboxMessage.status.in_([Status.WAITING, Status.FAILED])).execute()
    OutboxMessage.update(recipient="", subject="", body="", outcome="").where(
        OutboxMessage.client == client.id).execute()
    MessageTry.update(answer="").where(MessageTry.message.in_(messages)).execute()
    WaitlistEntry.update(status="removed", closed_by=by, closed_at=salon.now_stored()).where(
        (WaitlistEntry.client == client.id) & (WaitlistEntry.status == "waiting")).execute()
    WaitlistEntry.update(notes="").where(WaitlistEntry.client == client.id).execute()
    name = erased_name(client.id)
    Client.update(name=name, search_name=search_key(name), search_surname=search_key(name),
                  phone="", phone_digits="", email="", alerts="",
                  erased_at=client.erased_at or salon.now_stored()
                  ).where(Client.id == client.id).execute()
    return files


def _files(query) -> set[str]:
    return {file_name for (file_name,) in query.tuples()}


def _of_client(model, client_id: int) -> pw.Expression:
    """A patch test's or a waiver's rows of the client (a waiver's by its booking)."""
    if model is PatchTest:
        return PatchTest.client == client_id
    return PatchTestWaiver.booking.in_(Booking.select(Booking.id)
                                       .where(Booking.client == client_id))


def _kept_care_records(salon: Salon, client_id: int) -> tuple[int, date | None]:
    """How many of the client's patch tests and waivers are kept for their retention time,
    and the last day the last of them is."""
    settings = salon.settings()
    _lapsed_before, kept_from = _cutoffs(salon)
    moments = [moment for model, done in ((PatchTest, PatchTest.done_at),
                                          (PatchTestWaiver, PatchTestWaiver.at))
               for (moment,) in model.select(done).where(
                   _of_client(model, client_id) & (done >= kept_from)).tuples()]
    if not moments:
        return 0, None
    return len(moments), kept_until(local_of(max(moments), settings.tz).date(),
                                    settings.care_records_kept_years)


def _journal_mentions(client: Client) -> tuple[int, ...]:
    """The client's journal entries whose memo — a reason typed at the time — holds their
    name, surname, phone or email."""
    words = [word.casefold() for word in (client.name, *client.name.split()[-1:])
             if len(word) >= 3]
    digits = phone_digits(client.phone)
    found = []
    for seq, memo in JournalEntry.select(JournalEntry.seq, JournalEntry.memo).where(
            (JournalEntry.client == client.id) & (JournalEntry.memo != "")).tuples():
        text = memo.casefold()
        if (any(word in text for word in words)
                or (len(digits) >= 6 and digits in phone_digits(memo))
                or (client.email and client.email.casefold() in text)):
            found.append(seq)
    return tuple(found)


def _delete_unused_photos(salon: Salon, files: Iterable[str]) -> tuple[str, ...]:
    """Delete the photo files no record lists any more (one file can serve two records: it
    is named by its content); those that cannot be deleted, named."""
    left = []
    for file_name in sorted(files):
        if (NotePhoto.select().where(NotePhoto.file_name == file_name).exists()
                or VisitPhoto.select().where(VisitPhoto.file_name == file_name).exists()):
            continue
        try:
            (salon.photos_dir / file_name).unlink(missing_ok=True)
        except OSError:
            left.append(file_name)
    return tuple(left)


@dataclass(frozen=True)
class Lapsed:
    client_id: int
    name: str
    last_visit: date | None  # none: never booked (then when they were added counts)
    refusals: tuple[str, ...]


@dataclass(frozen=True)
class PurgePlan:
    years: int
    lapsed: tuple[Lapsed, ...]  # to erase
    held_back: tuple[Lapsed, ...]  # lapsed, but not erasable now (money held, …)
    care_records_due: tuple[int, ...]  # erased clients whose kept care records are due


def purge_plan(salon: Salon) -> PurgePlan:
    """The clients with no visit — no booking, no purchase — for the retention time (nor
    added since), and the erased clients whose patch tests have now been kept long enough;
    those held back (money held, records changed by hand) apart, with why."""
    settings = salon.settings()
    lapsed_before, kept_from = _cutoffs(salon)
    lapsed, held_back = [], []
    for client in _lapsed(lapsed_before):
        found = Lapsed(client.id, client.name, _last_visit(client.id, settings.tz),
                       _refusals(salon, client))
        (held_back if found.refusals else lapsed).append(found)
    due = []
    for client in Client.select().where(Client.id.in_(_due(kept_from))).order_by(Client.id):
        refusals = _refusals(salon, client)
        if refusals:  # erasing their old tests would seal over a hand edit
            held_back.append(Lapsed(client.id, client.name, None, refusals))
        else:
            due.append(client.id)
    return PurgePlan(settings.clients_kept_years, tuple(lapsed), tuple(held_back), tuple(due))


def _cutoffs(salon: Salon) -> tuple[datetime, datetime]:
    """The first moments (stored form) of the days from which a client's visits keep them
    and a patch test is kept: local midnights, years before today."""
    settings = salon.settings()
    today = salon.today(settings)
    return tuple(to_utc_naive(day_start_utc(years_before(today, years), settings.tz))
                 for years in (settings.clients_kept_years, settings.care_records_kept_years))


def _lapsed(before: datetime) -> pw.ModelSelect:
    """Clients not erased, added before `before` and with no booking nor purchase since."""
    booked_since = Booking.select().where((Booking.client == Client.id)
                                          & (Booking.start >= before))
    bought_since = Sale.select().where((Sale.client == Client.id) & (Sale.opened_at >= before))
    return Client.select().where(Client.erased_at.is_null() & (Client.created_at < before)
                                 & ~pw.fn.EXISTS(booked_since) & ~pw.fn.EXISTS(bought_since)
                                 ).order_by(Client.id)


def _due(kept_from: datetime) -> set[int]:
    """Erased clients with a patch test or a waiver from before `kept_from`."""
    tests = PatchTest.select(PatchTest.client).join(Client).where(
        Client.erased_at.is_null(False) & (PatchTest.done_at < kept_from))
    waivers = PatchTestWaiver.select(Booking.client).join(Booking).join(Client).where(
        Client.erased_at.is_null(False) & (PatchTestWaiver.at < kept_from))
    return {client for query in (tests, waivers) for (client,) in query.tuples()}


def _last_visit(client_id: int, tz) -> date | None:
    """The local day of the client's last booking or purchase (None: never)."""
    moments = [moment for moment in (
        Booking.select(pw.fn.MAX(Booking.start)).where(Booking.client == client_id).scalar(),
        Sale.select(pw.fn.MAX(Sale.opened_at)).where(Sale.client == client_id).scalar())
        if moment is not None]
    return max(local_of(moment, tz).date() for moment in moments) if moments else None


@dataclass(frozen=True)
class Purged:
    clients: int
    care_records_clients: int
    files_left: tuple[str, ...]


def purge(salon: Salon, plan: PurgePlan, *, approved_by: int) -> Purged:
    """Erase the clients of a purge plan the manager saw — those still lapsed and erasable
    now — and the care records come due, in one transaction and one entry of the journal.
    Only the clients listed are looked at again, not every client."""
    files: set[str] = set()
    with salon.writing():
        require_manager(salon, approved_by)
        lapsed_before, kept_from = _cutoffs(salon)
        listed = [found.client_id for found in plan.lapsed]
        chosen = [client for client in _lapsed(lapsed_before).where(Client.id.in_(listed))
                  if not _refusals(salon, client)]
        still_due = _due(kept_from)
        due = [client for client in Client.select().where(
            Client.id.in_([c for c in plan.care_records_due if c in still_due])).order_by(
            Client.id) if not _refusals(salon, client)]
        for client in chosen + due:
            files |= _erase(salon, client, approved_by)
        if chosen or due:
            record_approval(salon, approved_by, (
                f"Clients with no visit for {plan.years} years erased: "
                f"{_numbers(chosen)}; care records kept past their time erased: "
                f"{_numbers(due)}"))
    files_left = _delete_unused_photos(salon, files)
    forget_erased(salon.database)
    return Purged(len(chosen), len(due), files_left)


def _numbers(clients: list[Client]) -> str:
    return ", ".join(str(client.id) for client in clients) or "none"
