"""Numbered schema migrations, applied at start-up after a backup, all in one transaction.

Schema 1 is the layout the models created first. Each later schema is one `Migration`,
numbered on from 1 without gaps, appended to `MIGRATIONS`; the models always describe the
newest layout, so a new database is created at the newest schema and never migrated.

A migration is a function of the peewee database that runs plain SQL (the models may have
moved on since it was written). It must not commit: the whole set runs in one transaction,
so a failure half-way leaves the database exactly as it was (DDL is transactional on both
SQLite and PostgreSQL). On SQLite a table rebuild cannot switch foreign keys off inside a
transaction: use `PRAGMA defer_foreign_keys = ON` instead.

A migrated database must end with exactly the objects a new one has: every database is
compared with the models' layout (schema.py), an old one after its pending migrations have
run on an in-memory copy of its layout. So a column a migration adds is declared as the
model's CREATE TABLE declares it (ALTER TABLE ADD COLUMN … NOT NULL needs a DEFAULT: give
the field the same, `constraints=[SQL("DEFAULT 0")]`), and an index has the model's name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import peewee as pw

from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import GENESIS_HASH, Entry, Kind, entry_hash
from salon_pos.domain.localtime import business_day_of, first_open_day
from salon_pos.domain.settings import settings_from_rows
from salon_pos.domain.standing import STANDING_TABLES, state_of, state_text
from salon_pos.store.models import SchemaVersion

log = logging.getLogger(__name__)

FIRST_SCHEMA = 1
# Two stations starting the new program at once on PostgreSQL: one migrates, the other
# waits, then finds nothing left to do. (SQLite's IMMEDIATE transaction does the same.)
MIGRATION_LOCK_KEY = 0x5A10_0002


@dataclass(frozen=True)
class Migration:
    number: int  # the schema version the database has once this has run
    description: str  # one line, shown in the log and in a failure's message
    apply: Callable[[pw.Database], object]


def _index_booking_status(database: pw.Database) -> None:
    database.execute_sql('CREATE INDEX IF NOT EXISTS "booking_status" ON "booking" ("status")')


def _chain_standing_data(database: pw.Database) -> None:
    """The staff, settings, catalogue and clients' terms as found become the journal's
    first record of them (domain.standing): from here on each change is chained, and
    `verify` holds the rows to the journal. What was changed before cannot be told."""
    rows = _query(database, "SELECT key, value FROM setting")
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    day = _business_day(database, now, settings_from_rows(dict(rows)).tz)
    last = _query(database, "SELECT seq, hash FROM journal_entry ORDER BY seq DESC LIMIT 1")
    seq, prev = (last[0][0], last[0][1]) if last else (0, GENESIS_HASH)
    for code, table in STANDING_TABLES.items():
        if code not in _STANDING_AT_SCHEMA_3:
            continue  # a table made by a later migration, with nothing to record yet
        key_column = "key" if code == "setting" else "id"
        name = "client" if code == "client_terms" else code
        cursor = database.execute_sql(f"SELECT * FROM {name} ORDER BY {key_column}")
        columns = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            state = state_of(table, row)
            if state == table.default:
                continue
            seq += 1
            entry = Entry(seq=seq, at=now, business_day=day, kind=str(Kind.STANDING_DATA),
                          amount=0, category=code, reference=str(row[key_column]),
                          memo=state_text(state), prev_hash=prev)
            prev = entry_hash(prev, entry)
            _insert_entry(database, replace(entry, hash=prev))


_STANDING_AT_SCHEMA_3 = ("staff", "setting", "tax_class", "service", "product", "client_terms")


class _Frozen(pw.Model):
    """A table as a migration declares it, bound to the database only while it runs."""

    class Meta:
        database = None
        legacy_table_names = False


def _referred(name: str) -> type[_Frozen]:
    """A table the new ones refer to, by name only (it is there already)."""
    return type(name, (_Frozen,), {"__module__": __name__})


def _add_commission(database: pw.Database) -> None:
    """The commission levels, each stylist's level and the closed pay periods, as the
    models declared them at schema 6 (frozen here: the models may move on)."""

    Staff = _referred("Staff")

    class CommissionLevel(_Frozen):
        name = pw.CharField(max_length=60, unique=True)
        service_bands = pw.CharField(max_length=200)
        retail_bands = pw.CharField(max_length=200)
        deduct_back_bar = pw.BooleanField(default=False)

    class StylistLevel(_Frozen):
        stylist = pw.ForeignKeyField(Staff, unique=True)
        level = pw.ForeignKeyField(CommissionLevel, null=True)

    class PayPeriod(_Frozen):
        first = pw.DateField(primary_key=True)
        last = pw.DateField()
        closed_at = pw.DateTimeField()
        closed_by = pw.ForeignKeyField(Staff)
        report = pw.TextField()

    tables = [CommissionLevel, StylistLevel, PayPeriod]
    with database.bind_ctx([Staff, *tables]):
        database.create_tables(tables)


def _add_courses(database: pw.Database) -> None:
    """Course plans, the clients' courses and the sessions used, as the models declared
    them at schema 7 (frozen here: the models may move on)."""

    Client = _referred("Client")
    Sale = _referred("Sale")
    SaleLine = _referred("SaleLine")
    SaleTender = _referred("SaleTender")

    class CoursePlan(_Frozen):
        name = pw.CharField(max_length=60, unique=True)
        service_ids = pw.CharField(max_length=200)
        sessions = pw.IntegerField()
        price = pw.BigIntegerField()
        validity_months = pw.IntegerField()
        active = pw.BooleanField(default=True)

    class Course(_Frozen):
        client = pw.ForeignKeyField(Client)
        plan = pw.ForeignKeyField(CoursePlan, null=True)
        name = pw.CharField(max_length=120)
        service_ids = pw.CharField(max_length=200)
        sessions = pw.IntegerField()
        price = pw.BigIntegerField()
        sale = pw.ForeignKeyField(Sale)
        sale_line = pw.ForeignKeyField(SaleLine, unique=True)
        issued_on = pw.DateField(null=True)
        expires_on = pw.DateField(null=True, index=True)
        sessions_left = pw.IntegerField(default=0)
        balance = pw.BigIntegerField(default=0)

    class CourseSession(_Frozen):
        course = pw.ForeignKeyField(Course)
        sale = pw.ForeignKeyField(Sale)
        sale_line = pw.ForeignKeyField(SaleLine, unique=True)
        tender = pw.ForeignKeyField(SaleTender, unique=True)
        value = pw.BigIntegerField()

    tables = [CoursePlan, Course, CourseSession]
    with database.bind_ctx([Client, Sale, SaleLine, SaleTender, *tables]):
        database.create_tables(tables)


def _query(database: pw.Database, sql: str, params: Sequence = ()) -> list[tuple]:
    return list(database.execute_sql(sql, params).fetchall())


def _business_day(database: pw.Database, now: datetime, tz) -> date:
    """Today in the salon, or the next day not closed yet (as the journal dates entries)."""
    closed = {date.fromisoformat(str(found)[:10]) for found, in _query(
        database, "SELECT day FROM business_day WHERE closed_at IS NOT NULL")}
    return first_open_day(business_day_of(now.replace(tzinfo=UTC), tz), closed)


def _insert_entry(database: pw.Database, entry: Entry) -> None:
    sqlite = not isinstance(database, pw.PostgresqlDatabase)
    values = {"seq": entry.seq, "at": entry.at.isoformat(" ") if sqlite else entry.at,
              "business_day": entry.business_day.isoformat() if sqlite else entry.business_day,
              "kind": entry.kind, "amount": 0, "method": "", "category": entry.category,
              "tax_rate_bp": 0, "tax_amount": 0, "reference": entry.reference,
              "memo": entry.memo, "prev_hash": entry.prev_hash, "hash": entry.hash}
    marks = ", ".join([database.param] * len(values))
    database.execute_sql(f"INSERT INTO journal_entry ({', '.join(values)}) VALUES ({marks})",
                         list(values.values()))


def _add_voucher_designs(database: pw.Database) -> None:
    """Voucher designs and the uses of single-purpose vouchers, as the models declared
    them at schema 8 (frozen here: the models may move on)."""

    Service = _referred("Service")
    Sale = _referred("Sale")
    SaleLine = _referred("SaleLine")
    SaleTender = _referred("SaleTender")
    Voucher = _referred("Voucher")

    class VoucherDesign(_Frozen):
        name = pw.CharField(max_length=60, unique=True)
        amount = pw.BigIntegerField()
        service = pw.ForeignKeyField(Service, null=True)
        active = pw.BooleanField(default=True)

    class VoucherUse(_Frozen):
        voucher = pw.ForeignKeyField(Voucher)
        sale = pw.ForeignKeyField(Sale)
        sale_line = pw.ForeignKeyField(SaleLine, unique=True)
        tender = pw.ForeignKeyField(SaleTender, unique=True)

    tables = [VoucherDesign, VoucherUse]
    with database.bind_ctx([Service, Sale, SaleLine, SaleTender, Voucher, *tables]):
        database.create_tables(tables)


def _add_patch_tests(database: pw.Database) -> None:
    """Services say whether they need a patch test; the clients' patch tests and the
    managers' waivers, as the models declared them at schema 9 (frozen here)."""

    Staff = _referred("Staff")
    Client = _referred("Client")
    Booking = _referred("Booking")

    class PatchTest(_Frozen):
        client = pw.ForeignKeyField(Client)
        done_at = pw.DateTimeField()
        products = pw.CharField(max_length=200)
        done_by = pw.ForeignKeyField(Staff)
        result = pw.CharField(max_length=16)
        read_at = pw.DateTimeField(null=True)
        read_by = pw.ForeignKeyField(Staff, null=True)
        notes = pw.TextField(default="")
        cleared_at = pw.DateTimeField(null=True)
        cleared_by = pw.ForeignKeyField(Staff, null=True)
        cleared_reason = pw.TextField(default="")

    class PatchTestWaiver(_Frozen):
        booking = pw.ForeignKeyField(Booking, unique=True)
        approved_by = pw.ForeignKeyField(Staff)
        standing = pw.CharField(max_length=16)
        reason = pw.TextField()
        at = pw.DateTimeField()

    yes_no = "BOOLEAN" if isinstance(database, pw.PostgresqlDatabase) else "INTEGER"
    database.execute_sql(f'ALTER TABLE "service" ADD COLUMN "needs_patch_test" {yes_no} NOT '
                         'NULL DEFAULT FALSE')
    tables = [PatchTest, PatchTestWaiver]
    with database.bind_ctx([Staff, Client, Booking, *tables]):
        database.create_tables(tables)


def _add_care_record(database: pw.Database) -> None:
    """Signatures drawn on screen (and the patch tests and notes they signed), the
    consultation forms' questions and the clients' consultations, colour formulas and
    visit photos, as the models declared them at schema 10 (frozen here)."""

    Staff = _referred("Staff")
    Client = _referred("Client")
    Booking = _referred("Booking")

    class Signature(_Frozen):
        client = pw.ForeignKeyField(Client)
        image = pw.BlobField()
        signed_at = pw.DateTimeField()

    class ConsultationQuestion(_Frozen):
        category = pw.CharField(max_length=40, index=True)
        position = pw.IntegerField()
        text = pw.CharField(max_length=200)
        kind = pw.CharField(max_length=8)

    class Consultation(_Frozen):
        client = pw.ForeignKeyField(Client)
        booking = pw.ForeignKeyField(Booking, null=True)
        category = pw.CharField(max_length=40)
        answers = pw.TextField()
        recorded_by = pw.ForeignKeyField(Staff)
        recorded_at = pw.DateTimeField()
        signature = pw.ForeignKeyField(Signature, null=True)

    class ColourFormula(_Frozen):
        client = pw.ForeignKeyField(Client)
        booking = pw.ForeignKeyField(Booking, unique=True)
        written_by = pw.ForeignKeyField(Staff)
        written_at = pw.DateTimeField()
        notes = pw.TextField(default="")

    class FormulaBowl(_Frozen):
        formula = pw.ForeignKeyField(ColourFormula, on_delete="CASCADE")
        position = pw.IntegerField()
        area = pw.CharField(max_length=60)
        product = pw.CharField(max_length=60)
        shades = pw.CharField(max_length=120)
        developer = pw.CharField(max_length=40)
        ratio = pw.CharField(max_length=16)
        minutes = pw.IntegerField()

    class VisitPhoto(_Frozen):
        booking = pw.ForeignKeyField(Booking)
        client = pw.ForeignKeyField(Client)
        moment = pw.CharField(max_length=8)
        file_name = pw.CharField(max_length=255)
        sha256 = pw.CharField(max_length=64)
        added_by = pw.ForeignKeyField(Staff)
        added_at = pw.DateTimeField()

    tables = [Signature, ConsultationQuestion, Consultation, ColourFormula, FormulaBowl,
              VisitPhoto]
    with database.bind_ctx([Staff, Client, Booking, *tables]):
        database.create_tables(tables)
    for table in ("expectation_note", "patch_test"):
        database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "signature_id" INTEGER')
        database.execute_sql(f'CREATE INDEX "{table}_signature_id" ON "{table}" '
                             '("signature_id")')


def _add_erasure(database: pw.Database) -> None:
    """When a client's personal data was erased."""
    moment = "TIMESTAMP" if isinstance(database, pw.PostgresqlDatabase) else "DATETIME"
    database.execute_sql(f'ALTER TABLE "client" ADD COLUMN "erased_at" {moment}')


def _add_outbox(database: pw.Database) -> None:
    """Messages to clients: the outbox, each try, the manager's wording, as the models
    declared them at schema 12 (frozen here); and a client's wish for no messages."""

    Staff = _referred("Staff")
    Client = _referred("Client")
    Booking = _referred("Booking")
    Sale = _referred("Sale")

    class OutboxMessage(_Frozen):
        kind = pw.CharField(max_length=20)
        client = pw.ForeignKeyField(Client)
        booking = pw.ForeignKeyField(Booking, null=True)
        sale = pw.ForeignKeyField(Sale, null=True)
        recipient = pw.CharField(max_length=254)
        message_id = pw.CharField(max_length=160, unique=True)
        status = pw.CharField(max_length=12, default="waiting")
        due_at = pw.DateTimeField()
        next_try_at = pw.DateTimeField()
        tries = pw.IntegerField(default=0)
        created_by = pw.ForeignKeyField(Staff, null=True)
        created_at = pw.DateTimeField()
        sent_at = pw.DateTimeField(null=True)
        subject = pw.TextField(default="")
        body = pw.TextField(default="")
        outcome = pw.TextField(default="")
        closed_by = pw.ForeignKeyField(Staff, null=True)

        class Meta:
            indexes = ((("status", "next_try_at"), False),)

    class MessageTry(_Frozen):
        message = pw.ForeignKeyField(OutboxMessage, on_delete="CASCADE")
        at = pw.DateTimeField()
        outcome = pw.CharField(max_length=12)
        answer = pw.TextField(default="")

    class MessageTemplate(_Frozen):
        kind = pw.CharField(primary_key=True, max_length=20)
        subject = pw.TextField()
        body = pw.TextField()
        changed_by = pw.ForeignKeyField(Staff)
        changed_at = pw.DateTimeField()

    yes_no = "BOOLEAN" if isinstance(database, pw.PostgresqlDatabase) else "INTEGER"
    database.execute_sql(f'ALTER TABLE "client" ADD COLUMN "no_messages" {yes_no} NOT NULL '
                         'DEFAULT FALSE')
    tables = [OutboxMessage, MessageTry, MessageTemplate]
    with database.bind_ctx([Staff, Client, Booking, Sale, *tables]):
        database.create_tables(tables)


def _add_phases(database: pw.Database) -> None:
    """A service's processing time (the stylist free) and the work after it, in the
    catalogue and on each booked service; none on what is there already."""
    for table in ("service", "booked_service"):
        for column in ("processing_min", "finish_min"):
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" INTEGER NOT '
                                 'NULL DEFAULT 0')


def _add_waitlist(database: pw.Database) -> None:
    """Clients waiting for a place, as the model declared it at schema 14 (frozen here)."""

    Staff = _referred("Staff")
    Client = _referred("Client")
    Booking = _referred("Booking")

    class WaitlistEntry(_Frozen):
        client = pw.ForeignKeyField(Client)
        first_day = pw.DateField()
        last_day = pw.DateField(index=True)
        earliest = pw.TimeField()
        latest = pw.TimeField()
        service_ids = pw.CharField(max_length=200)
        stylist = pw.ForeignKeyField(Staff, null=True)
        notes = pw.TextField(default="")
        status = pw.CharField(max_length=12, default="waiting", index=True)
        booking = pw.ForeignKeyField(Booking, null=True)
        offered_at = pw.DateTimeField(null=True)
        created_by = pw.ForeignKeyField(Staff)
        created_at = pw.DateTimeField()
        closed_by = pw.ForeignKeyField(Staff, null=True)
        closed_at = pw.DateTimeField(null=True)

    with database.bind_ctx([Staff, Client, Booking, WaitlistEntry]):
        database.create_tables([WaitlistEntry])


def _add_series(database: pw.Database) -> None:
    """Repeat series of bookings, and each booking's series (none for those there)."""

    Staff = _referred("Staff")
    Client = _referred("Client")

    class BookingSeries(_Frozen):
        client = pw.ForeignKeyField(Client)
        every_weeks = pw.IntegerField()
        created_by = pw.ForeignKeyField(Staff)
        created_at = pw.DateTimeField()

    with database.bind_ctx([Staff, Client, BookingSeries]):
        database.create_tables([BookingSeries])
    database.execute_sql('ALTER TABLE "booking" ADD COLUMN "series_id" INTEGER')
    database.execute_sql('CREATE INDEX "booking_series_id" ON "booking" ("series_id")')


def _create(database: pw.Database, *statements: str) -> None:
    """CREATE statements written once for both databases: {ID} is the table's own key and
    {MONEY} an amount's type, as the models declare them on each."""
    postgres = isinstance(database, pw.PostgresqlDatabase)
    types = {"ID": "SERIAL NOT NULL PRIMARY KEY" if postgres else "INTEGER NOT NULL PRIMARY KEY",
             "MONEY": "BIGINT" if postgres else "INTEGER"}
    for statement in statements:
        database.execute_sql(statement.format(**types))


def _gift_vouchers(database: pw.Database) -> None:
    _create(
        database,
        'CREATE TABLE "voucher" ("id" {ID}, "code_digest" VARCHAR(64) NOT NULL, '
        '"code_hint" VARCHAR(4) NOT NULL, "sale_id" INTEGER NOT NULL, '
        '"sale_line_id" INTEGER NOT NULL, "amount" {MONEY} NOT NULL, '
        '"issued_on" DATE NOT NULL, "expires_on" DATE NOT NULL, "balance" {MONEY} NOT NULL, '
        'FOREIGN KEY ("sale_id") REFERENCES "sale" ("id"), '
        'FOREIGN KEY ("sale_line_id") REFERENCES "sale_line" ("id"))',
        'CREATE UNIQUE INDEX "voucher_code_digest" ON "voucher" ("code_digest")',
        'CREATE INDEX "voucher_sale_id" ON "voucher" ("sale_id")',
        'CREATE UNIQUE INDEX "voucher_sale_line_id" ON "voucher" ("sale_line_id")',
        'CREATE INDEX "voucher_expires_on" ON "voucher" ("expires_on")',
        'CREATE INDEX "journal_entry_reference" ON "journal_entry" ("reference")')
def _add_retail_stock(database: pw.Database) -> None:
    """Products get a barcode, a reorder level and their stock (none yet); each movement
    of stock gets a row beside its journal entry. (What is already there is left, as
    migration 2 does: the tests fake an older schema on the newest layout.)"""
    sqlite = not isinstance(database, pw.PostgresqlDatabase)
    money, key = ("INTEGER", "INTEGER NOT NULL PRIMARY KEY") if sqlite else \
        ("BIGINT", "SERIAL NOT NULL PRIMARY KEY")
    moment = "DATETIME" if sqlite else "TIMESTAMP"
    found = {column.name for column in database.get_columns("product")}
    for column in ('"barcode" VARCHAR(40)', '"reorder_level" INTEGER NOT NULL DEFAULT 0',
                   '"on_hand" INTEGER NOT NULL DEFAULT 0',
                   f'"stock_value" {money} NOT NULL DEFAULT 0',
                   f'"average_cost" {money} NOT NULL DEFAULT 0'):
        if column.split('"')[1] not in found:
            database.execute_sql(f'ALTER TABLE "product" ADD COLUMN {column}')
    database.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "product_barcode" '
                         'ON "product" ("barcode")')
    database.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "stock_movement" ("id" {key}, "entry_seq" INTEGER NOT NULL, '
        '"product_id" INTEGER NOT NULL, "kind" VARCHAR(16) NOT NULL, '
        f'"quantity" INTEGER NOT NULL, "value" {money} NOT NULL, '
        f'"on_hand_after" INTEGER NOT NULL, "unit_cost" {money} NOT NULL, "counted" INTEGER, '
        '"supplier" VARCHAR(120) NOT NULL, "sale_id" INTEGER, "sale_line_id" INTEGER, '
        '"booking_id" INTEGER, "stylist_id" INTEGER, "by_id" INTEGER NOT NULL, '
        f'"approved_by_id" INTEGER, "at" {moment} NOT NULL, "business_day" DATE NOT NULL, '
        'FOREIGN KEY ("product_id") REFERENCES "product" ("id"), '
        'FOREIGN KEY ("sale_id") REFERENCES "sale" ("id"), '
        'FOREIGN KEY ("sale_line_id") REFERENCES "sale_line" ("id"), '
        'FOREIGN KEY ("booking_id") REFERENCES "booking" ("id"), '
        'FOREIGN KEY ("stylist_id") REFERENCES "staff" ("id"), '
        'FOREIGN KEY ("by_id") REFERENCES "staff" ("id"), '
        'FOREIGN KEY ("approved_by_id") REFERENCES "staff" ("id"))')
    database.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "stock_movement_entry_seq" '
                         'ON "stock_movement" ("entry_seq")')
    for column in ("product_id", "sale_id", "sale_line_id", "booking_id", "stylist_id",
                   "by_id", "approved_by_id", "business_day"):
        database.execute_sql(f'CREATE INDEX IF NOT EXISTS "stock_movement_{column}" '
                             f'ON "stock_movement" ("{column}")')


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "index bookings by status (the open ones, among years of them)",
              _index_booking_status),
    Migration(3, "keep the staff, settings, catalogue and clients' terms in the journal",
              _chain_standing_data),
    Migration(4, "gift vouchers (and the journal indexed by what an entry names)",
              _gift_vouchers),
    Migration(5, "retail stock: barcodes, reorder levels, stock on hand and its movements",
              _add_retail_stock),
    Migration(6, "stylists' commission: levels, each stylist's level, closed pay periods",
              _add_commission),
    Migration(7, "prepaid courses: plans, the clients' courses, the sessions used",
              _add_courses),
    Migration(8, "gift voucher designs; single-purpose vouchers and the lines they pay",
              _add_voucher_designs),
    Migration(9, "patch tests: the services that need one, the clients' tests, the waivers",
              _add_patch_tests),
    Migration(10, "the care record: consultations and the clients' signatures (on them, on "
                  "patch tests, on agreed notes), colour formulas, photos before and after",
              _add_care_record),
    Migration(11, "a client's personal data erased on request or after the retention time",
              _add_erasure),
    Migration(12, "messages to clients: the outbox, each try, the wording; no messages "
                  "for a client who asked", _add_outbox),
    Migration(13, "processing time: the stylist free while a colour develops",
              _add_phases),
    Migration(14, "a waitlist: clients waiting for a place that frees", _add_waitlist),
    Migration(15, "repeat bookings: a series booked every few weeks", _add_series),
)


def latest_version(registry: Sequence[Migration] = MIGRATIONS) -> int:
    """The schema this program writes."""
    return registry[-1].number if registry else FIRST_SCHEMA


def stored_version(database: pw.Database) -> int | None:
    """The database's schema version; None for a database with no schema yet."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        return None
    return SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar(database)


def pending(database: pw.Database, registry: Sequence[Migration] = MIGRATIONS) -> list[Migration]:
    """The migrations this database still needs, in order; a database from a newer program
    is refused."""
    _check_numbering(registry)
    found = stored_version(database)
    if found is None:  # a new database: created at the newest schema
        return []
    newest = latest_version(registry)
    if found > newest:
        raise DomainError(
            f"This database was made by a newer Salon POS (schema {found}); this program "
            f"knows up to {newest} — update the program.")
    return [migration for migration in registry if migration.number > found]


def migrate(database: pw.Database, *, before: Callable[[], object],
            registry: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Bring the database to the newest schema and return the numbers applied.

    When anything is pending, `before()` (the caller's backup) runs first, before any
    change; if it fails, nothing is migrated. Then every pending migration runs in one
    transaction with the stored version: all of them, or none.
    """
    if not pending(database, registry):
        return []
    before()
    with database.atomic():
        if isinstance(database, pw.PostgresqlDatabase):
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
        todo = pending(database, registry)  # again, now that no one else can migrate
        for migration in todo:
            _apply(database, migration)
    return [migration.number for migration in todo]


def _apply(database: pw.Database, migration: Migration) -> None:
    log.info("Migrating the database to schema %d: %s", migration.number,
             migration.description)
    try:
        migration.apply(database)
    except Exception as error:
        raise DomainError(
            f"Updating the database to schema {migration.number} ({migration.description}) "
            f"failed: {error}. Nothing was changed: the database is as it was.") from error
    applied_at = datetime.now(UTC).replace(tzinfo=None)
    SchemaVersion.insert(version=migration.number, applied_at=applied_at).execute(database)


def _check_numbering(registry: Sequence[Migration]) -> None:
    numbers = [migration.number for migration in registry]
    expected = list(range(FIRST_SCHEMA + 1, FIRST_SCHEMA + 1 + len(registry)))
    if numbers != expected:
        raise ValueError(f"migrations must be numbered {expected}, not {numbers}")
