"""The care record of the demo's visits, written in bulk as the services write it: patch
tests (one done at an earlier visit, brought on its card), consultations answered and
signed at check-in with the expectation notes agreed beside them, colour formulas and
photos before and after. Each record is sealed into the journal by its digest, worked out
from its row as the database gives it back (writer.post_seal)."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from concurrent.futures import Executor, Future
from datetime import datetime, timedelta
from pathlib import Path

from salon_pos.demo.bulk import Later
from salon_pos.demo.desk import Visit
from salon_pos.demo.pictures import HAIR_TONES, drawn_signature, visit_photo
from salon_pos.demo.writer import AGREEMENT, CONSULTATION, PATCH_TEST, Writer
from salon_pos.domain import care_records
from salon_pos.domain.consultations import Answered, Question, answered, answers_text
from salon_pos.domain.formulas import Bowl, checked_bowls
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.patch_tests import PatchTest as TestRule
from salon_pos.domain.patch_tests import Result, state_at
from salon_pos.files import write_bytes
from salon_pos.store.models import (
    ColourFormula,
    Consultation,
    ExpectationNote,
    FormulaBowl,
    PatchTest,
    Signature,
    VisitPhoto,
)

PATCH_PRODUCTS = ("Koleston Perfect 6/0 + 6 % Welloxon", "Majirel 7.1 + 20 vol",
                  "Igora Royal 8-00 + 6 %", "Inoa 6.0 + 6 % oil developer")
# A first visit's formula, one of the usual mixes.
FIRST_FORMULAS = [
    (Bowl("Roots", "Koleston Perfect", "6/0 30 g + 7/1 10 g", "6 % (20 vol)", "1:1", 35),
     Bowl("Lengths", "Color Touch", "7/89 30 g", "1.9 %", "1:2", 20)),
    (Bowl("All over", "Majirel", "7.3 40 g + 8.34 20 g", "6 % (20 vol)", "1:1.5", 35),),
    (Bowl("Roots", "Igora Royal", "5-0 40 g", "6 % (20 vol)", "1:1", 40),
     Bowl("Toner", "Igora Vibrance", "9.5-1 30 g", "1.9 %", "1:1", 10)),
    (Bowl("Balayage", "Blondor", "Multi Blonde 30 g", "9 % (30 vol)", "1:2", 45),
     Bowl("Toner", "Shinefinity", "09/61 40 g", "2 %", "1:1", 20)),
]
FORMULA_NOTES = ("", "", "Pre-soften the grey at the temples.",
                 "Ends porous: apply to the lengths last.")
# What clients say, a few of the answers (each drawn for a yes-or-no question: mostly no).
YES_DETAILS = ("box dye, about a year ago", "henna until last spring", "hay fever tablets",
               "a patch of eczema behind the left ear", "highlights at another salon")
# The answers in words, by question.
SAID = {"Hair history in your own words": (
            "Natural dark blonde, highlights twice a year.", "Grey coverage every six weeks.",
            "Went lighter at home last summer; ends feel dry.", "Never coloured.",
            "Lightened twice this year; some breakage at the ends."),
        "Heat styling: how often?": ("Straightener most days.", "Blow-dry twice a week.",
                                     "Hardly ever; air-dries.")}
OUTCOME, FORMULA = "Done as agreed; client delighted with the tone.", "7.3 + 8.34, 20 vol, 35 min"


class Care:
    """`pictures` draws signatures and photos on threads of its own, beside the rest (their
    rows wait for them when they are written), and `files` keeps the photos' files (many
    at once: the disk syncs them together); `settle` waits for those files."""

    def __init__(self, writer: Writer, rng: random.Random, patch_rng: random.Random,
                 seed: int, pictures: Executor, files: Executor):
        self.writer, self.rng, self.patch_rng, self.seed = writer, rng, patch_rng, seed
        self.pictures, self.files = pictures, files
        self.kept: list[Future] = []  # the photos' files being written
        settings = writer.settings
        self.wait_hours = settings.patch_test_wait_hours
        self.valid_months = settings.patch_test_valid_months
        self.forms: dict[str, list[Question]] = {}  # the salon's, once it asks them
        self.tests: dict[int, list[TestRule]] = {}  # each client's patch tests
        self.formulas: dict[int, list[Bowl]] = {}  # each client's last formula
        self.signatures: dict[int, Future] = {}  # how each client signs (PNG bytes)
        self.photos = 0

    # --- patch tests -------------------------------------------------------------------------

    def allows(self, client: int, at: datetime) -> bool:
        """Whether the client has a valid patch test at `at` (naive UTC)."""
        return state_at(self.tests.get(client, []), at, wait_hours=self.wait_hours,
                        valid_months=self.valid_months).allows_service

    def test_on_file(self, visit: Visit, at: datetime) -> None:
        """A colour client without a valid patch test brings the card of one done at an
        earlier visit, a few days to four months before (the demo's history is short)."""
        if not any(s.patch for s in visit.services) or self.allows(visit.client.id,
                                                                    visit.start):
            return
        done = visit.aware_start - timedelta(days=self.patch_rng.randint(3, 120),
                                             minutes=self.patch_rng.randrange(0, 480, 15))
        self.record_test(visit.client.id, visit.stylist, done, Result.CLEAR, at)

    def record_test(self, client: int, by: int, done: datetime, result: Result,
                    at: datetime, *, signed: bool = False) -> int:
        """`patch_tests.record_test`: a test done in the salon is signed; one from a card
        of an earlier visit is not."""
        now = to_utc_naive(at)
        read = None if result is Result.NOT_READ else now
        test = self.writer.add(
            PatchTest, client=client, done_at=to_utc_naive(done),
            products=self.patch_rng.choice(PATCH_PRODUCTS), done_by=by, result=str(result),
            read_at=read, read_by=by if read else None,
            signature=self.signature(client, at) if signed else None)
        self.tests.setdefault(client, []).append(TestRule(to_utc_naive(done), result, False))
        self.seal(at, PATCH_TEST, test, client, by)
        return test

    def read_test(self, client: int, test: int, result: Result, by: int, at: datetime,
                  notes: str) -> None:
        """`patch_tests.read_test` of the client's newest test."""
        self.writer.change(PatchTest, test, result=str(result), read_at=to_utc_naive(at),
                           read_by=by, notes=notes)
        done = self.tests[client][-1]
        self.tests[client][-1] = TestRule(done.done_at, result, False)
        self.seal(at, PATCH_TEST, test, client, by)

    def seal(self, at: datetime, what: str, record: int, client: int, by: int,
             booking: int | None = None) -> None:
        """`care_seals.seal_record`."""
        prefix = {PATCH_TEST: care_records.PATCH_TEST, CONSULTATION: care_records.CONSULTATION,
                  AGREEMENT: care_records.AGREEMENT}[what]
        self.writer.post_seal(at, Kind.CARE_RECORD, (what, record), client_id=client,
                              staff_id=by, approved_by_id=None, booking_id=booking,
                              reference=care_records.reference(prefix, record))

    # --- signatures, consultations and agreements -----------------------------------------------

    def signature_of(self, client: int) -> Future:
        """How the client signs (alike, visit after visit): a PNG, drawn once."""
        if client not in self.signatures:
            self.signatures[client] = self.pictures.submit(
                drawn_signature, random.Random(f"{self.seed}:{client}"))
        return self.signatures[client]

    def signature(self, client: int, at: datetime) -> int:
        """`signatures.keep_signature`: the client's signature drawn now, kept."""
        return self.writer.add(Signature, later=True, client=client,
                               image=self.signature_of(client), signed_at=to_utc_naive(at))

    def consultation(self, visit: Visit, at: datetime, by: int) -> None:
        """At check-in, a client booked for a kind of service with a form answers it and
        signs, once for the answers and the expectation notes written when booking."""
        kinds = list(dict.fromkeys(s.category for s in visit.services))
        forms = [(kind, self.forms[kind]) for kind in kinds if kind in self.forms]
        open_notes = [note for note in visit.notes if not note.acknowledged]
        if not forms and not open_notes:
            return
        client, rng, now = visit.client.id, self.rng, to_utc_naive(at)
        signed_consultation = None
        for category, questions in forms:
            replies = {}
            for question in questions:
                if question.kind is Answered.TEXT:
                    replies[question.text] = (rng.choice(SAID[question.text]), "")
                elif "pregnant" not in question.text and rng.random() < 0.2:
                    replies[question.text] = ("yes", rng.choice(YES_DETAILS))
                else:
                    replies[question.text] = ("no", "")
            signature = self.signature(client, at)
            consultation = self.writer.add(
                Consultation, client=client, booking=visit.id, category=category,
                answers=answers_text(answered(questions, replies)), recorded_by=by,
                recorded_at=now, signature=signature)
            self.seal(at, CONSULTATION, consultation, client, by, visit.id)
            signed_consultation = signature
        for number, note in enumerate(open_notes):
            # The consultation's signature agrees the first note; the others are signed.
            signature = (signed_consultation if number == 0 and signed_consultation
                         else self.signature(client, at))
            self.writer.change(ExpectationNote, note.id, acknowledged_at=now,
                               acknowledged_recorded_by=by, signature=signature)
            note.acknowledged = True
            self.seal(at, AGREEMENT, note.id, client, by, visit.id)

    def complete_notes(self, visit: Visit, at: datetime) -> None:
        """`notes.complete_note` for each of the booking's notes, by its stylist."""
        for note in visit.notes:
            self.writer.change(ExpectationNote, note.id, outcome=OUTCOME, formula=FORMULA,
                               completed_at=to_utc_naive(at), completed_by=visit.stylist)

    # --- colour: formulas and photos -----------------------------------------------------

    @staticmethod
    def is_colour(visit: Visit) -> bool:
        return any(s.category == "Colour" for s in visit.services)

    def formula(self, visit: Visit, at: datetime) -> None:
        """A colour visit's formula: the client's last one again, now and then given
        longer; the first one drawn from the usual mixes. Then the photo after."""
        if not self.is_colour(visit):
            return
        rng, client = self.rng, visit.client.id
        last = self.formulas.get(client)
        if last is None:
            bowls = list(rng.choice(FIRST_FORMULAS))
        else:
            bowls = [dataclasses.replace(bowl, minutes=bowl.minutes + rng.choice((0, 0, 5)))
                     for bowl in last]
        bowls = checked_bowls(bowls)
        formula = self.writer.add(ColourFormula, client=client, booking=visit.id,
                                  written_by=visit.stylist, written_at=to_utc_naive(at),
                                  notes=rng.choice(FORMULA_NOTES))
        for position, bowl in enumerate(bowls, start=1):
            self.writer.add(FormulaBowl, formula=formula, position=position, area=bowl.area,
                            product=bowl.product, shades=bowl.shades, developer=bowl.developer,
                            ratio=bowl.ratio, minutes=bowl.minutes)
        self.formulas[client] = bowls
        tones = self.photographed(visit)
        if tones:
            self.photo(visit, "after", tones, at)

    @staticmethod
    def photographed(visit: Visit) -> tuple | None:
        """The hair's tones before and after, for one colour visit in three; else None.
        The same draw at the start and at the finish (it is keyed to the booking)."""
        drawn = random.Random(visit.id * 7919)
        return drawn.choice(HAIR_TONES) if drawn.random() < 0.35 else None

    def photo(self, visit: Visit, moment: str, tones: tuple, at: datetime) -> None:
        """`visit_photos.add_visit_photo`: kept in the data folder by its digest."""
        folder = self.writer.salon.photos_dir
        if not self.photos:
            folder.mkdir(parents=True, exist_ok=True)
        self.photos += 1
        digest = self.pictures.submit(self._drawn_photo, folder, tones, moment, visit.id)
        name = Later(digest, lambda found: f"{found}.jpg")
        self.writer.add(VisitPhoto, later=True, booking=visit.id, client=visit.client.id,
                        moment=moment, file_name=name, sha256=digest, added_by=visit.stylist,
                        added_at=to_utc_naive(at))


    def _drawn_photo(self, folder: Path, tones: tuple, moment: str, booking: int) -> str:
        """The visit's photo drawn (on a thread of its own), its file handed to be kept by
        its digest; the digest."""
        data = visit_photo(tones, moment, random.Random(booking))
        digest = hashlib.sha256(data).hexdigest()
        self.kept.append(self.files.submit(_keep, folder / f"{digest}.jpg", data))
        return digest

    def settle(self) -> None:
        """Wait for the photos' files (before the rows naming them are committed)."""
        kept, self.kept = self.kept, []
        for future in kept:
            future.result()


def _keep(target: Path, data: bytes) -> None:
    if not (target.is_file() and not target.is_symlink()):  # named by its content
        write_bytes(target, data)
