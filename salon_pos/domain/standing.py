"""Standing data: the rows that say who may do what and what things cost — the staff, the
settings, the catalogue (tax classes, services, products) and each client's terms.

Every change of one is a journal entry (kind `standing_data`) whose memo carries the row's
whole new state, so the chain alone tells what each row must hold now: `verify` rebuilds
them and names any row changed, added or removed behind the program's back, and an
operation refuses a person whose row does not match. A PIN is carried as a digest of its
stored hash, never the PIN or the hash itself; a secret setting (the email password) as a
digest of its sealed form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from salon_pos.domain.journal import memo_digest
from salon_pos.domain.settings import SECRET_SETTINGS

# The table each entry is about (the entry's category) and the row's key (its reference).
STAFF = "staff"
SETTING = "setting"
TAX_CLASS = "tax_class"
SERVICE = "service"
PRODUCT = "product"
CLIENT_TERMS = "client_terms"
COMMISSION_LEVEL = "commission_level"
STYLIST_LEVEL = "stylist_level"
COURSE_PLAN = "course_plan"
VOUCHER_DESIGN = "voucher_design"


@dataclass(frozen=True)
class StandingTable:
    """A kind of standing data: what its entries are called in the journal, the columns
    kept, how a person reads one row's name, the state of a row no entry speaks of
    (None: every row must have an entry), and the columns added since the first entries
    were written, with the value an older entry means."""

    code: str
    columns: tuple[str, ...]
    noun: str
    default: dict | None = None
    added: dict = field(default_factory=dict)


STANDING_TABLES = {
    table.code: table for table in (
        StandingTable(STAFF, ("name", "role", "pin", "active"), "staff member"),
        StandingTable(SETTING, ("value",), "setting"),
        StandingTable(TAX_CLASS, ("name", "rate_bp"), "tax class"),
        StandingTable(SERVICE, ("name", "category", "duration_min", "price", "tax_class_id",
                                "deposit_rule", "needs_consultation", "needs_patch_test",
                                "active", "processing_min", "finish_min"), "service",
                      added={"needs_patch_test": False, "processing_min": 0,
                             "finish_min": 0}),
        StandingTable(PRODUCT, ("name", "sku", "price", "tax_class_id", "active"), "product"),
        StandingTable(CLIENT_TERMS,
                      ("deposit_rule", "house_account_enabled", "house_account_limit"),
                      "client", default={"deposit_rule": "policy",
                                         "house_account_enabled": False,
                                         "house_account_limit": 0}),
        StandingTable(COMMISSION_LEVEL, ("name", "service_bands", "retail_bands",
                                         "deduct_back_bar"), "commission level"),
        StandingTable(STYLIST_LEVEL, ("stylist_id", "level_id"), "stylist's commission level"),
        StandingTable(COURSE_PLAN, ("name", "service_ids", "sessions", "price",
                                    "validity_months", "active"), "course plan"),
        StandingTable(VOUCHER_DESIGN, ("name", "amount", "service_id", "active"),
                      "voucher design"),
    )
}


def state_of(table: StandingTable, row: dict) -> dict:
    """What the journal keeps of a row of `table`, given its stored columns by name."""
    if table.code == SETTING:
        try:
            value = json.loads(row["value"])
        except ValueError:  # not JSON: not written by Salon POS
            return {"value": f"(not readable) {row['value']}"}
        if row.get("key") in SECRET_SETTINGS and value:  # a password: that it changed
            value = f"sealed {memo_digest(str(value))}"
        return {"value": value}
    # (A column added since is left out when the row is older than it: a migration.)
    state = {column: row[column] for column in table.columns
             if column != "pin" and (column in row or column not in table.added)}
    if table.code == STAFF:
        state["pin"] = pin_digest(row["pin_hash"])
    for column, value in state.items():  # SQLite's booleans are 0 and 1
        if column in _YES_NO:
            state[column] = bool(value)
    return state


_YES_NO = frozenset({"active", "needs_consultation", "needs_patch_test",
                     "house_account_enabled", "deduct_back_bar"})


def pin_digest(pin_hash: str) -> str:
    """What the journal keeps of a PIN: a digest of its stored (salted, peppered) hash —
    enough to see the hash was swapped, useless for guessing the PIN."""
    return memo_digest(pin_hash)


def state_text(state: dict) -> str:
    """A row's state as the entry's memo: canonical JSON (sorted keys, no spaces)."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read_state(memo: str) -> dict | None:
    """The state an entry carries; None for a memo that is not one (altered by hand)."""
    try:
        state = json.loads(memo)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def differences(table: StandingTable, found: dict, recorded: dict) -> list[str]:
    """The columns whose value in the table is not the journal's, said for a person."""
    said = []
    for column in table.columns:
        was = recorded.get(column, table.added.get(column))
        if found.get(column) == was:
            continue
        if column == "pin":
            said.append("its PIN is not the one set through Salon POS")
        else:
            said.append(f"{column.replace('_', ' ')} is {_shown(found.get(column))} but the "
                        f"journal says {_shown(was)}")
    return said


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"“{value}”" if isinstance(value, str) else str(value)
