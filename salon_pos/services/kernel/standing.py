"""Standing data under the chain (see domain.standing): each change recorded as an entry
carrying the row's new state, a row checked against its last entry before it is trusted,
and the whole set rebuilt from the journal for `verify`."""

from __future__ import annotations

import functools

import peewee as pw

from salon_pos.domain.errors import InvalidInput, NotAllowed
from salon_pos.domain.journal import Kind, entry_hash
from salon_pos.domain.standing import (
    CLIENT_TERMS,
    COMMISSION_LEVEL,
    COURSE_PLAN,
    PRODUCT,
    SERVICE,
    SETTING,
    STAFF,
    STANDING_TABLES,
    STYLIST_LEVEL,
    TAX_CLASS,
    VOUCHER_DESIGN,
    StandingTable,
    differences,
    read_state,
    state_text,
)
from salon_pos.domain.standing import (
    state_of as state_of_columns,
)
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import entry_from_row, post
from salon_pos.store.models import (
    Client,
    CommissionLevel,
    CoursePlan,
    JournalEntry,
    Product,
    Service,
    Setting,
    Staff,
    StylistLevel,
    TaxClass,
    VoucherDesign,
)

_MODELS = {STAFF: Staff, SETTING: Setting, TAX_CLASS: TaxClass, SERVICE: Service,
           PRODUCT: Product, CLIENT_TERMS: Client, COMMISSION_LEVEL: CommissionLevel,
           STYLIST_LEVEL: StylistLevel, COURSE_PLAN: CoursePlan,
           VOUCHER_DESIGN: VoucherDesign}


def state_of(table: StandingTable, row) -> dict:
    """What the journal keeps of a row (a model instance) of `table`."""
    return state_of_columns(table, {field.column_name: row.__data__.get(field.name)
                                    for field in row._meta.sorted_fields})


def _key_of(row) -> str:
    return row.key if isinstance(row, Setting) else str(row.id)


def save_named(salon: Salon, code: str, row_id: int | None, fields: dict, *,
               approved_by: int) -> int:
    """Add (`row_id` None) or change a row of standing data that people tell apart by its
    name (a course plan, a voucher design, a commission level): the name is the only one of
    its kind whatever its case, a row changed must first match the journal (a hand edit is
    not blessed), and the new state is recorded. Inside `salon.writing()`, the manager's
    approval checked."""
    table, model = STANDING_TABLES[code], _MODELS[code]
    name = fields["name"]
    named = model.get_or_none(pw.fn.LOWER(model.name) == name.lower())
    if named is not None and named.id != row_id:
        raise InvalidInput(f"There is already a {table.noun} called “{name}”.")
    if row_id is None:
        row_id = model.create(**fields).id
    else:
        row = model.get_or_none(model.id == row_id)
        if row is None:
            raise InvalidInput(f"That {table.noun} does not exist.")
        check_against_journal(salon, code, row)
        model.update(fields).where(model.id == row_id).execute()
    record_standing(salon, code, row_id, by=approved_by, approved_by=approved_by)
    return row_id


def record_standing(salon: Salon, code: str, key: int | str, *, by: int | None,
                    approved_by: int | None) -> None:
    """Keep the row's state, as now stored, in the journal (inside `salon.writing()`,
    after the change); `by` is who made it, `approved_by` the manager who approved it."""
    table, model = STANDING_TABLES[code], _MODELS[code]
    row = model.get_by_id(key)
    post(salon, Kind.STANDING_DATA, 0, staff_id=by, approved_by_id=approved_by,
         category=code, reference=str(key), memo=state_text(state_of(table, row)))


def check_against_journal(salon: Salon, code: str, row) -> None:
    """Refuse to trust a row that is not what the journal last recorded for it (changed,
    or added, outside Salon POS)."""
    table = STANDING_TABLES[code]
    last = next(iter(JournalEntry.raw(_last_entry_sql(salon.database.param),
                                      str(Kind.STANDING_DATA), code, _key_of(row))), None)
    problems = _row_problems(table, state_of(table, row), last)
    if problems:
        raise NotAllowed(
            f"The {table.noun} record of {getattr(row, 'name', _key_of(row))} does not match "
            f"the journal ({'; '.join(problems)}): it was changed outside Salon POS. Nothing "
            "was done; a manager should run “salon-pos verify” and restore a good backup.")


@functools.cache
def _last_entry_sql(param: str) -> str:
    """The newest standing entry for one row. Asked on every operation (who acts, what is
    priced), so the SQL is written once rather than built by peewee each time: building it
    took ten times as long as the database took to answer."""
    table, fields = JournalEntry._meta.table_name, JournalEntry._meta.fields
    return (f'SELECT * FROM "{table}" WHERE "{fields["kind"].column_name}" = {param} '
            f'AND "{fields["category"].column_name}" = {param} '
            f'AND "{fields["reference"].column_name}" = {param} '
            f'ORDER BY "{fields["seq"].column_name}" DESC LIMIT 1')


def check_priced(salon: Salon, item) -> None:
    """A service or product about to be priced, and its tax class, as the journal last
    recorded them (a price or rate changed by hand is refused, not charged)."""
    check_against_journal(salon, SERVICE if isinstance(item, Service) else PRODUCT, item)
    check_against_journal(salon, TAX_CLASS, item.tax_class)


def _row_problems(table: StandingTable, found: dict, last: JournalEntry | None) -> list[str]:
    """How a row's state differs from its last entry (none: from the table's default)."""
    if last is None:
        if table.default is None:
            return ["it is not in the journal"]
        return differences(table, found, table.default)
    entry = entry_from_row(last)
    if entry_hash(entry.prev_hash, entry) != entry.hash:
        return ["its journal entry was altered"]  # it vouches for nothing
    recorded = read_state(entry.memo)
    return ["its journal entry cannot be read"] if recorded is None else differences(
        table, found, recorded)


def standing_problems(salon: Salon) -> list[tuple[int, str]]:
    """Every row of standing data that differs from the state the journal rebuilds, every
    row the journal does not know and every row it knows that is gone."""
    problems: list[tuple[int, str]] = []
    recorded: dict[tuple[str, str], tuple[int, dict]] = {}
    for seq, code, key, memo in JournalEntry.select(
            JournalEntry.seq, JournalEntry.category, JournalEntry.reference, JournalEntry.memo
    ).where(JournalEntry.kind == Kind.STANDING_DATA).order_by(JournalEntry.seq).tuples():
        state = read_state(memo)
        if code not in STANDING_TABLES or state is None:
            problems.append((seq, f"entry {seq} does not say what standing data it records"))
            continue
        recorded[(code, key)] = (seq, state)
    for code, table in STANDING_TABLES.items():
        for row in _rows_to_check(code):
            key = _key_of(row)
            seq, state = recorded.pop((code, key), (0, table.default))
            found = state_of(table, row)
            what = _named(table, key, row)
            if state is None:
                problems.append((0, f"{what} is not in the journal: it was added outside "
                                    "Salon POS"))
            elif said := differences(table, found, state):
                problems.append((seq, f"{what} does not match the journal: {'; '.join(said)}"))
    for (code, key), (seq, state) in recorded.items():
        table = STANDING_TABLES[code]
        if state != table.default:
            problems.append((seq, f"{_named(table, key, None)} is in the journal but was "
                                  "removed outside Salon POS"))
    return problems


def _rows_to_check(code: str):
    """The rows of a table to hold to the journal: all of them, but for clients only those
    whose terms are not the default or that the journal names (a salon has tens of
    thousands of clients, and most never have terms of their own)."""
    model = _MODELS[code]
    if code != CLIENT_TERMS:
        return model.select().iterator()
    named = JournalEntry.select(JournalEntry.reference).where(
        (JournalEntry.kind == Kind.STANDING_DATA) & (JournalEntry.category == CLIENT_TERMS))
    return model.select().where(
        (Client.deposit_rule != STANDING_TABLES[CLIENT_TERMS].default["deposit_rule"])
        | Client.house_account_enabled | (Client.house_account_limit != 0)
        | pw.Cast(Client.id, "TEXT").in_(named)).iterator()


def _named(table: StandingTable, key: str, row) -> str:
    if table.code == SETTING:
        return f"the setting “{key}”"
    name = getattr(row, "name", None)
    return f"{table.noun} {key}" + (f" “{name}”" if name else "")
