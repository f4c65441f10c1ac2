"""The tables. Money is INTEGER minor units; times are naive UTC datetimes.

`db` is a proxy bound once at start-up by `store.database.open_database`, so the same
models serve SQLite (one counter PC) and PostgreSQL (several stations).
"""

from __future__ import annotations

import peewee as pw

db = pw.DatabaseProxy()


class Money(pw.BigIntegerField):
    """An amount in the currency's minor unit: a 64-bit integer on every database."""


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    key = pw.CharField(primary_key=True, max_length=64)
    value = pw.TextField()  # JSON


class SchemaVersion(BaseModel):
    version = pw.IntegerField(primary_key=True)
    applied_at = pw.DateTimeField()


class Staff(BaseModel):
    name = pw.CharField(max_length=120)
    role = pw.CharField(max_length=16)  # front_desk | stylist | manager
    pin_hash = pw.CharField(max_length=255)
    colour = pw.CharField(max_length=9, default="#7b9acc")
    active = pw.BooleanField(default=True)
    failed_pins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)


class TaxClass(BaseModel):
    name = pw.CharField(max_length=60, unique=True)
    rate_bp = pw.IntegerField()  # 2000 = 20 %


class Service(BaseModel):
    name = pw.CharField(max_length=120)
    category = pw.CharField(max_length=60, default="")
    duration_min = pw.IntegerField()
    price = Money()
    tax_class = pw.ForeignKeyField(TaxClass, backref="services")
    deposit_rule = pw.CharField(max_length=8, default="policy")
    needs_consultation = pw.BooleanField(default=False)
    # Schema 9: colour and the like need a valid patch test before the work starts.
    needs_patch_test = pw.BooleanField(default=False, constraints=[pw.SQL("DEFAULT FALSE")])
    active = pw.BooleanField(default=True)
    # Schema 13 (domain.phases): of duration_min, the minutes it processes with the stylist
    # free, and the work after that.
    processing_min = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    finish_min = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])


class Product(BaseModel):
    name = pw.CharField(max_length=120)
    sku = pw.CharField(max_length=40, unique=True)
    price = Money()
    tax_class = pw.ForeignKeyField(TaxClass, backref="products")
    active = pw.BooleanField(default=True)
    # Schema 4, retail stock: the scanned code (none, or one product's), the level at
    # which to order more, and the stock as the journal's stock entries leave it (cached
    # in the same transaction; `verify` holds them to the journal).
    barcode = pw.CharField(max_length=40, null=True, unique=True)
    reorder_level = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    on_hand = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    stock_value = Money(default=0, constraints=[pw.SQL("DEFAULT 0")])
    average_cost = Money(default=0, constraints=[pw.SQL("DEFAULT 0")])


class Client(BaseModel):
    name = pw.CharField(max_length=120)
    search_name = pw.CharField(max_length=120, index=True)
    search_surname = pw.CharField(max_length=120, index=True)
    phone = pw.CharField(max_length=40, default="")
    phone_digits = pw.CharField(max_length=40, default="", index=True)
    email = pw.CharField(max_length=254, default="")
    alerts = pw.TextField(default="")
    deposit_rule = pw.CharField(max_length=8, default="policy")
    house_account_enabled = pw.BooleanField(default=False)
    house_account_limit = Money(default=0)
    # Cached from the journal in the same transaction as every entry that moves them;
    # `verify` checks them against the journal.
    credit_balance = Money(default=0)
    house_balance = Money(default=0)
    created_at = pw.DateTimeField()
    # Schema 11: when the client's personal data was erased (operations.erasure); the row
    # stays, by number, for the money records that name it.
    erased_at = pw.DateTimeField(null=True)
    # Schema 12: the client asked for no messages (no email, not on the call list).
    no_messages = pw.BooleanField(default=False, constraints=[pw.SQL("DEFAULT FALSE")])


class Booking(BaseModel):
    client = pw.ForeignKeyField(Client, backref="bookings")
    stylist = pw.ForeignKeyField(Staff, backref="bookings")
    start = pw.DateTimeField()
    end = pw.DateTimeField()
    status = pw.CharField(max_length=16, default="booked", index=True)  # schema 2
    deposit_due = Money(default=0)
    deposit_reason = pw.TextField(default="")
    policy = pw.TextField(default="")  # the deposit policy as the client accepted it
    notes = pw.TextField(default="")
    double_booked = pw.BooleanField(default=False)
    redo_of = pw.ForeignKeyField("self", null=True, backref="redos")
    created_by = pw.ForeignKeyField(Staff)
    created_at = pw.DateTimeField()
    checked_in_at = pw.DateTimeField(null=True)
    started_at = pw.DateTimeField(null=True)
    finished_at = pw.DateTimeField(null=True)
    cancelled_at = pw.DateTimeField(null=True)
    cancel_kind = pw.CharField(max_length=8, default="")  # in_time | late
    outcome_by = pw.ForeignKeyField(Staff, null=True)  # who cancelled or marked no-show
    outcome_day = pw.DateField(null=True, index=True)  # the business day it was recorded on
    rescheduled_at = pw.DateTimeField(null=True)  # the last move, who made it, who approved
    rescheduled_by = pw.ForeignKeyField(Staff, null=True)
    reschedule_approved_by = pw.ForeignKeyField(Staff, null=True)
    # Schema 15: the repeat series it belongs to (operations.series). A column added to a
    # table of old: SQLite cannot add a foreign key constraint to it, so none is declared.
    series = pw.DeferredForeignKey("BookingSeries", null=True, index=True)

    class Meta:
        indexes = ((("stylist", "start"), False), (("client", "start"), False))


Booking.add_index(Booking.start)


class BookingSeries(BaseModel):
    """Schema 15: bookings repeated every few weeks, booked in one go (each keeps its own
    deposit and status)."""

    client = pw.ForeignKeyField(Client)
    every_weeks = pw.IntegerField()
    created_by = pw.ForeignKeyField(Staff)
    created_at = pw.DateTimeField()


class BookedService(BaseModel):
    booking = pw.ForeignKeyField(Booking, backref="services", on_delete="CASCADE")
    service = pw.ForeignKeyField(Service)
    name = pw.CharField(max_length=120)
    duration_min = pw.IntegerField()
    price_quoted = Money()
    position = pw.IntegerField(default=0)
    # Schema 13: the service's phases as booked.
    processing_min = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    finish_min = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])


class ExpectationNote(BaseModel):
    booking = pw.ForeignKeyField(Booking, backref="expectation_notes")
    booked_service = pw.ForeignKeyField(BookedService, null=True)
    expected_result = pw.TextField()
    limits_and_risks = pw.TextField(default="")
    sessions_expected = pw.IntegerField(default=1)
    price_min = Money()
    price_max = Money()
    written_by = pw.ForeignKeyField(Staff)
    written_at = pw.DateTimeField()
    acknowledged_at = pw.DateTimeField(null=True)
    acknowledged_recorded_by = pw.ForeignKeyField(Staff, null=True)
    outcome = pw.TextField(default="")
    formula = pw.TextField(default="")
    completed_at = pw.DateTimeField(null=True)
    completed_by = pw.ForeignKeyField(Staff, null=True)
    # Schema 10: signed when agreed. A column added to a table of old: SQLite cannot add a
    # foreign key constraint to it, so none is declared; the record's seal holds the link.
    signature = pw.DeferredForeignKey("Signature", null=True)


class NotePhoto(BaseModel):
    note = pw.ForeignKeyField(ExpectationNote, backref="photos")
    file_name = pw.CharField(max_length=255)  # relative to the data folder's photos/
    caption = pw.CharField(max_length=200, default="")
    sha256 = pw.CharField(max_length=64)
    added_at = pw.DateTimeField()


class BusinessDay(BaseModel):
    day = pw.DateField(primary_key=True)
    closed_at = pw.DateTimeField(null=True)
    closed_by = pw.ForeignKeyField(Staff, null=True)
    z_report = pw.TextField(default="")  # JSON snapshot of the figures at close


class Sale(BaseModel):
    booking = pw.ForeignKeyField(Booking, null=True, backref="sales")  # one non-void sale each
    client = pw.ForeignKeyField(Client, null=True, backref="sales")
    status = pw.CharField(max_length=16, default="open")  # domain.sale_status.SaleStatus
    receipt_no = pw.IntegerField(null=True, unique=True)
    opened_by = pw.ForeignKeyField(Staff)
    opened_at = pw.DateTimeField()
    closed_by = pw.ForeignKeyField(Staff, null=True)
    closed_at = pw.DateTimeField(null=True)
    business_day = pw.DateField(null=True, index=True)
    total = Money(default=0)  # frozen at close, tax included
    tax = Money(default=0)
    tips = Money(default=0)
    rounding = Money(default=0)
    change = Money(default=0)
    deposit_applied = Money(default=0)
    prices_include_tax = pw.BooleanField(null=True)  # as the prices were when it closed
    signoff_matches = pw.BooleanField(null=True)
    signoff_differences = pw.TextField(default="")
    signoff_action = pw.TextField(default="")
    signoff_by = pw.ForeignKeyField(Staff, null=True)
    signoff_at = pw.DateTimeField(null=True)


class SaleLine(BaseModel):
    sale = pw.ForeignKeyField(Sale, backref="lines")
    category = pw.CharField(max_length=8)  # service | retail
    service = pw.ForeignKeyField(Service, null=True)
    product = pw.ForeignKeyField(Product, null=True)
    booked_service = pw.ForeignKeyField(BookedService, null=True)
    description = pw.CharField(max_length=200)
    stylist = pw.ForeignKeyField(Staff, null=True)
    quantity = pw.IntegerField(default=1)
    unit_price = Money()
    quoted_price = Money(null=True)
    change_reason = pw.TextField(default="")
    discount = Money(default=0)
    discount_reason = pw.TextField(default="")
    tax_rate_bp = pw.IntegerField()
    tax_name = pw.CharField(max_length=60)
    approved_by = pw.ForeignKeyField(Staff, null=True)
    removed = pw.BooleanField(default=False)  # removed lines stay, with the reason
    # Frozen at close:
    gross = Money(default=0)
    tax = Money(default=0)
    refunded_quantity = pw.IntegerField(default=0)


class SaleTip(BaseModel):
    sale = pw.ForeignKeyField(Sale, backref="tip_rows")
    stylist = pw.ForeignKeyField(Staff)
    amount = Money()


class SaleTender(BaseModel):
    sale = pw.ForeignKeyField(Sale, backref="tender_rows")
    method = pw.CharField(max_length=16)
    amount = Money()  # for cash, the amount handed over
    reference = pw.CharField(max_length=60, default="")
    taken_by = pw.ForeignKeyField(Staff)
    approved_by = pw.ForeignKeyField(Staff, null=True)
    taken_at = pw.DateTimeField()


class SaleRefund(BaseModel):
    sale = pw.ForeignKeyField(Sale, backref="refunds")
    amount = Money()
    number = pw.IntegerField(unique=True)  # refund receipts: their own gapless sequence
    parts = pw.CharField(max_length=200)  # how it went back: "card:4000 cash:2300"
    reference = pw.CharField(max_length=60, default="")
    reason = pw.TextField()
    by = pw.ForeignKeyField(Staff)
    approved_by = pw.ForeignKeyField(Staff)
    at = pw.DateTimeField()


class SaleRefundLine(BaseModel):
    refund = pw.ForeignKeyField(SaleRefund, backref="lines")
    line = pw.ForeignKeyField(SaleLine)
    quantity = pw.IntegerField()
    amount = Money()
    tax = Money()


class VoucherDesign(BaseModel):
    """A gift voucher the salon sells ready-made (standing data, chained in the journal):
    its name and value and, for a single-purpose voucher, the one service it pays for
    (taxed when sold, as that service)."""

    name = pw.CharField(max_length=60, unique=True)
    amount = Money()
    service = pw.ForeignKeyField(Service, null=True)
    active = pw.BooleanField(default=True)


class Voucher(BaseModel):
    """A gift voucher, issued when the sale that sold it closes. Its code is never kept:
    only the code's digest (to find it again) and last four characters (to tell it
    apart); the journal names it by number."""

    code_digest = pw.CharField(max_length=64, unique=True)
    code_hint = pw.CharField(max_length=4)
    sale = pw.ForeignKeyField(Sale, backref="vouchers")
    sale_line = pw.ForeignKeyField(SaleLine, unique=True)
    amount = Money()  # its value when sold
    issued_on = pw.DateField()  # the business day of the sale
    expires_on = pw.DateField(index=True)  # the last day it can be spent
    # Cached from the journal in the same transaction as every entry that moves it;
    # `verify` checks it against the journal.
    balance = Money()


class VoucherUse(BaseModel):
    """A single-purpose voucher paying the line of its service on an open or closed sale:
    the line is charged at the voucher's value and the payment takes the whole voucher."""

    voucher = pw.ForeignKeyField(Voucher)
    sale = pw.ForeignKeyField(Sale)
    sale_line = pw.ForeignKeyField(SaleLine, unique=True)
    tender = pw.ForeignKeyField(SaleTender, unique=True)


class JournalEntry(BaseModel):
    seq = pw.IntegerField(unique=True)
    at = pw.DateTimeField()
    business_day = pw.DateField(index=True)
    kind = pw.CharField(max_length=24, index=True)
    amount = Money()
    method = pw.CharField(max_length=16, default="")
    booking = pw.IntegerField(null=True, index=True, column_name="booking_id")
    sale = pw.IntegerField(null=True, index=True, column_name="sale_id")
    client = pw.IntegerField(null=True, index=True, column_name="client_id")
    stylist = pw.IntegerField(null=True, column_name="stylist_id")
    staff = pw.IntegerField(null=True, column_name="staff_id")
    approved_by = pw.IntegerField(null=True, column_name="approved_by_id")
    category = pw.CharField(max_length=16, default="")
    tax_rate_bp = pw.IntegerField(default=0)
    tax_amount = Money(default=0)
    reference = pw.CharField(max_length=60, default="", index=True)  # finds a voucher's moves
    memo = pw.TextField(default="")
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)


class StockMovement(BaseModel):
    """One movement of a product's stock (append-only), beside the journal entry that
    carries its value: the quantities per product, for lists and reports to sum."""

    entry_seq = pw.IntegerField(unique=True)  # its journal entry
    product = pw.ForeignKeyField(Product, backref="movements")
    kind = pw.CharField(max_length=16)  # domain.stock.Move
    quantity = pw.IntegerField()  # signed: + in, − out
    value = Money()  # signed, at cost
    on_hand_after = pw.IntegerField()
    unit_cost = Money(default=0)  # a delivery's cost per unit
    counted = pw.IntegerField(null=True)  # a count: what was on the shelf
    supplier = pw.CharField(max_length=120, default="")
    sale = pw.ForeignKeyField(Sale, null=True)
    sale_line = pw.ForeignKeyField(SaleLine, null=True)
    booking = pw.ForeignKeyField(Booking, null=True)
    stylist = pw.ForeignKeyField(Staff, null=True)  # back-bar: who used it
    by = pw.ForeignKeyField(Staff)
    approved_by = pw.ForeignKeyField(Staff, null=True)
    at = pw.DateTimeField()
    business_day = pw.DateField(index=True)
class CommissionLevel(BaseModel):
    """A level's commission rates (domain.commission bands, as stored text); a stylist on
    rates of their own has a level of their own. Standing data, chained in the journal."""

    name = pw.CharField(max_length=60, unique=True)
    service_bands = pw.CharField(max_length=200)
    retail_bands = pw.CharField(max_length=200)
    deduct_back_bar = pw.BooleanField(default=False)


class StylistLevel(BaseModel):
    """The level a stylist's commission follows (none: no commission). Standing data."""

    stylist = pw.ForeignKeyField(Staff, unique=True)
    level = pw.ForeignKeyField(CommissionLevel, null=True)


class PayPeriod(BaseModel):
    """A closed pay period: its commission report frozen (JSON), as each stylist's
    commission_accrued entry carries a digest of their part of it."""

    first = pw.DateField(primary_key=True)
    last = pw.DateField()
    closed_at = pw.DateTimeField()
    closed_by = pw.ForeignKeyField(Staff)
    report = pw.TextField()


class CoursePlan(BaseModel):
    """A prepaid course the salon sells (standing data, chained in the journal): sessions
    of the services named ("3,5") at a price, usable for so many months."""

    name = pw.CharField(max_length=60, unique=True)
    service_ids = pw.CharField(max_length=200)
    sessions = pw.IntegerField()
    price = Money()
    validity_months = pw.IntegerField()
    active = pw.BooleanField(default=True)


class Course(BaseModel):
    """A client's prepaid course: made when its line is put on a ticket, issued (its days
    set) when that sale closes. Its sessions, services and price are what its sale's
    journal entry recorded; what it holds is cached from the journal."""

    client = pw.ForeignKeyField(Client, backref="courses")
    plan = pw.ForeignKeyField(CoursePlan, null=True)  # none: made from an expectation note
    name = pw.CharField(max_length=120)
    service_ids = pw.CharField(max_length=200)
    sessions = pw.IntegerField()
    price = Money()  # what was paid (the line's value at close)
    sale = pw.ForeignKeyField(Sale, backref="courses")
    sale_line = pw.ForeignKeyField(SaleLine, unique=True)
    issued_on = pw.DateField(null=True)  # the business day of its sale; none until then
    expires_on = pw.DateField(null=True, index=True)  # the last day a session can be used
    # Cached from the journal in the same transaction as every entry that moves them;
    # `verify` checks them against the journal.
    sessions_left = pw.IntegerField(default=0)
    balance = Money(default=0)


class CourseSession(BaseModel):
    """A session of a course paying a line of a sale (its payment is the sale's tender by
    the way "course"), from when it is used on the ticket."""

    course = pw.ForeignKeyField(Course, backref="uses")
    sale = pw.ForeignKeyField(Sale)
    sale_line = pw.ForeignKeyField(SaleLine, unique=True)
    tender = pw.ForeignKeyField(SaleTender, unique=True)
    value = Money()


class PatchTest(BaseModel):
    """A skin test for a client (domain.patch_tests): done, then read (clear or a
    reaction); a reaction stays until a manager clears it, with the reason. Each change is
    sealed into the journal as a care record."""

    client = pw.ForeignKeyField(Client, backref="patch_tests")
    done_at = pw.DateTimeField()
    products = pw.CharField(max_length=200)  # what was put on the skin
    done_by = pw.ForeignKeyField(Staff)
    result = pw.CharField(max_length=16)  # domain.patch_tests.Result
    read_at = pw.DateTimeField(null=True)
    read_by = pw.ForeignKeyField(Staff, null=True)
    notes = pw.TextField(default="")
    cleared_at = pw.DateTimeField(null=True)
    cleared_by = pw.ForeignKeyField(Staff, null=True)
    cleared_reason = pw.TextField(default="")
    signature = pw.DeferredForeignKey("Signature", null=True)  # schema 10, as the note's


class PatchTestWaiver(BaseModel):
    """A manager let a booking's work start without a valid patch test, and why."""

    booking = pw.ForeignKeyField(Booking, unique=True)
    approved_by = pw.ForeignKeyField(Staff)
    standing = pw.CharField(max_length=16)  # where the client stood (domain.patch_tests)
    reason = pw.TextField()
    at = pw.DateTimeField()


class Signature(BaseModel):
    """A client's signature drawn on screen, as a PNG. The records it signed refer to it,
    and their seals in the journal hold its digest with their text."""

    client = pw.ForeignKeyField(Client, backref="signatures")
    image = pw.BlobField()
    signed_at = pw.DateTimeField()


class ConsultationQuestion(BaseModel):
    """A question of the salon's consultation form for a kind of service (a catalogue
    category), as a manager worded it (domain.consultations)."""

    category = pw.CharField(max_length=40, index=True)
    position = pw.IntegerField()
    text = pw.CharField(max_length=200)
    kind = pw.CharField(max_length=8)  # domain.consultations.Answered


class Consultation(BaseModel):
    """A client's answers to a consultation form, as asked (JSON), usually signed; never
    changed: a new consultation is recorded instead. Sealed as a care record."""

    client = pw.ForeignKeyField(Client, backref="consultations")
    booking = pw.ForeignKeyField(Booking, null=True)
    category = pw.CharField(max_length=40)
    answers = pw.TextField()  # domain.consultations.answers_text
    recorded_by = pw.ForeignKeyField(Staff)
    recorded_at = pw.DateTimeField()
    signature = pw.ForeignKeyField(Signature, null=True)


class ColourFormula(BaseModel):
    """What a stylist mixed for one visit (domain.formulas): its bowls, and notes. Written
    again while the visit is open or after, it is replaced: one formula a visit."""

    client = pw.ForeignKeyField(Client, backref="formulas")
    booking = pw.ForeignKeyField(Booking, unique=True)
    written_by = pw.ForeignKeyField(Staff)
    written_at = pw.DateTimeField()
    notes = pw.TextField(default="")


class FormulaBowl(BaseModel):
    formula = pw.ForeignKeyField(ColourFormula, backref="bowls", on_delete="CASCADE")
    position = pw.IntegerField()
    area = pw.CharField(max_length=60)  # "Roots"
    product = pw.CharField(max_length=60)  # the colour line
    shades = pw.CharField(max_length=120)  # "6/0 30 g + 7/1 10 g"
    developer = pw.CharField(max_length=40)
    ratio = pw.CharField(max_length=16)
    minutes = pw.IntegerField()


class VisitPhoto(BaseModel):
    """A photo of the client's hair at a visit, before or after the work, sized for the
    record and kept in the data folder by its digest."""

    booking = pw.ForeignKeyField(Booking, backref="photos")
    client = pw.ForeignKeyField(Client, backref="visit_photos")
    moment = pw.CharField(max_length=8)  # before | after
    file_name = pw.CharField(max_length=255)  # relative to the data folder's photos/
    sha256 = pw.CharField(max_length=64)
    added_by = pw.ForeignKeyField(Staff)
    added_at = pw.DateTimeField()


class OutboxMessage(BaseModel):
    """Schema 12: a message to a client, written in the transaction of the act that causes
    it (booked, moved, cancelled, deposit taken, receipt asked for) and sent by the mail
    worker (exchange.mail); its text is composed when it goes, from the records as they
    are then, and kept as sent."""

    kind = pw.CharField(max_length=20)  # domain.messages.MessageKind
    client = pw.ForeignKeyField(Client)
    booking = pw.ForeignKeyField(Booking, null=True)
    sale = pw.ForeignKeyField(Sale, null=True)
    recipient = pw.CharField(max_length=254)
    message_id = pw.CharField(max_length=160, unique=True)  # the Message-ID header
    status = pw.CharField(max_length=12, default="waiting")  # domain.messages.Status
    due_at = pw.DateTimeField()  # not sent before (a reminder's time)
    next_try_at = pw.DateTimeField()  # the next try (back-off), or a claim's lease
    tries = pw.IntegerField(default=0)
    created_by = pw.ForeignKeyField(Staff, null=True)
    created_at = pw.DateTimeField()
    sent_at = pw.DateTimeField(null=True)
    subject = pw.TextField(default="")  # as sent
    body = pw.TextField(default="")
    outcome = pw.TextField(default="")  # the server's last answer, or why it will not go
    closed_by = pw.ForeignKeyField(Staff, null=True)  # who dismissed or retried it

    class Meta:
        indexes = ((("status", "next_try_at"), False),)


class MessageTry(BaseModel):
    """Schema 12: each try to send a message, and the server's answer."""

    message = pw.ForeignKeyField(OutboxMessage, backref="tries_made", on_delete="CASCADE")
    at = pw.DateTimeField()
    outcome = pw.CharField(max_length=12)  # sent | later | refused
    answer = pw.TextField(default="")


class MessageTemplate(BaseModel):
    """Schema 12: a manager's wording of one kind of message (domain.messages holds the
    wording used while there is none)."""

    kind = pw.CharField(primary_key=True, max_length=20)
    subject = pw.TextField()
    body = pw.TextField()
    changed_by = pw.ForeignKeyField(Staff)
    changed_at = pw.DateTimeField()


class WaitlistEntry(BaseModel):
    """Schema 14: a client waiting for a place: any day from first_day to last_day, a start
    between earliest and latest (the salon's wall-clock time), for these services, with
    this stylist or any (operations.waitlist)."""

    client = pw.ForeignKeyField(Client, backref="waitlist")
    first_day = pw.DateField()
    last_day = pw.DateField(index=True)
    earliest = pw.TimeField()
    latest = pw.TimeField()
    service_ids = pw.CharField(max_length=200)  # "3 7": in the order they are done
    stylist = pw.ForeignKeyField(Staff, null=True)
    notes = pw.TextField(default="")
    status = pw.CharField(max_length=12, default="waiting", index=True)  # waiting|booked|removed
    booking = pw.ForeignKeyField(Booking, null=True)  # the place they took
    offered_at = pw.DateTimeField(null=True)  # the last offer sent
    created_by = pw.ForeignKeyField(Staff)
    created_at = pw.DateTimeField()
    closed_by = pw.ForeignKeyField(Staff, null=True)
    closed_at = pw.DateTimeField(null=True)


class IdempotencyKey(BaseModel):
    key = pw.CharField(primary_key=True, max_length=80)
    operation = pw.CharField(max_length=60)  # the operation and what it acted on
    result = pw.TextField()  # JSON
    created_at = pw.DateTimeField()


ALL_MODELS = [
    Setting,
    SchemaVersion,
    Staff,
    TaxClass,
    Service,
    Product,
    Client,
    Booking,
    BookedService,
    ExpectationNote,
    NotePhoto,
    BusinessDay,
    Sale,
    SaleLine,
    SaleTip,
    SaleTender,
    SaleRefund,
    SaleRefundLine,
    Voucher,
    JournalEntry,
    StockMovement,
    IdempotencyKey,
    CommissionLevel,
    StylistLevel,
    PayPeriod,
    CoursePlan,
    VoucherDesign,
    VoucherUse,
    Course,
    CourseSession,
    PatchTest,
    PatchTestWaiver,
    Signature,
    ConsultationQuestion,
    Consultation,
    ColourFormula,
    FormulaBowl,
    VisitPhoto,
    OutboxMessage,
    MessageTry,
    MessageTemplate,
    WaitlistEntry,
    BookingSeries,
]
