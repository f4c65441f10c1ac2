"""Client import from the CSV lists other salon systems export.

The file is read whatever its dialect (comma, semicolon, tab or bar; quoted fields) and
encoding (UTF-8 with or without BOM, UTF-16, else Windows-1252 or Latin-1); a UTF-8 file
with a few bytes that are not UTF-8 is read as UTF-8, and the rows holding them are bad
rows (never the whole file read as Windows-1252, which turns every "Zoë" into "ZoÃ«"); the
columns are mapped to the client's fields by their header names, or as the caller says;
every row is cleaned by the app's own rules (`clients.client_fields`) and checked against
the clients already there and the rows before it. `preview` shows what would happen;
`import_clients` does it in one transaction: every new client or — when some rows are
bad and only the good ones were not asked for — none.

Row numbers are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from peewee import chunked

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.validation import search_key
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.approvals import record_approval
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations.clients import client_fields
from salon_pos.store.models import Client

Progress = Callable[[int, int], None]

FIELDS = ("name", "first_name", "last_name", "phone", "email", "alerts")
MAX_FILE_BYTES = 50 * 1024 * 1024  # a salon's list is a few MB; more is the wrong file
PREVIEW_ROWS = 20
DELIMITERS = ",;\t|"
# Spreadsheets run a cell that starts with one of these as a formula; the export puts a
# "'" before such text, and the import takes it off again ("'" itself too, to round-trip).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
INSERT_CHUNK = 80  # 80 rows × 8 columns stays under SQLite's oldest 999-variable limit

# Header words, best first (a list with both "Mobile" and "Home phone" takes the mobile:
# the salon texts reminders). Compared after `_header_key`: lower case, no accents or marks.
SYNONYMS = {
    "name": ("name", "full name", "fullname", "client name", "customer name", "client",
             "customer", "contact name", "contact", "display name", "nom", "nom complet",
             "nombre completo", "vollstandiger name"),
    "first_name": ("first name", "firstname", "first", "given name", "forename",
                   "christian name", "prenom", "vorname"),
    "last_name": ("last name", "lastname", "surname", "family name", "last", "nachname",
                  "familienname", "apellido", "apellidos", "nom de famille"),
    "phone": ("mobile", "mobile phone", "mobile number", "mobile no", "cell", "cell phone",
              "cellphone", "phone", "phone number", "phone no", "telephone",
              "telephone number", "tel", "tel no", "contact number", "home phone",
              "work phone", "landline", "handy", "telefon", "portable", "movil", "telefono"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "courriel",
              "correo", "correo electronico"),
    "alerts": ("alerts", "alert", "notes", "note", "allergies", "allergy", "medical",
               "medical notes", "comments", "comment", "remarks", "warnings", "client notes",
               "remarques", "bemerkungen", "notas"),
}
# A bare "Name" beside a first-name column is the surname (French "Nom", German "Name").
_BARE_NAMES = ("name", "nom")


@dataclass(frozen=True)
class Table:
    """The file as read: how it was read, its header, and its rows with their numbers."""

    encoding: str
    delimiter: str
    columns: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    blank: int  # empty rows, left out
    unreadable: frozenset[int] = frozenset()  # rows with bytes the encoding cannot read


@dataclass(frozen=True)
class RowOutcome:
    """One row as it would be imported: the client's stored fields, or (a bad row) its
    cells as read and why it cannot be."""

    number: int
    client: dict
    problems: tuple[str, ...] = ()
    duplicate_of: str = ""  # "existing client 12 (Zoë Ní Bhriain)" or "row 5 (…)"

    @property
    def status(self) -> str:
        return "bad" if self.problems else "duplicate" if self.duplicate_of else "new"

    def describe(self) -> str:
        if self.problems:
            return f"Row {self.number}: " + "; ".join(self.problems) + "."
        if self.duplicate_of:
            return f"Row {self.number} ({self.client['name']}): {self.duplicate_of} — skipped"
        return f"Row {self.number}: {self.client['name']} — new client"


@dataclass(frozen=True)
class Analysis:
    """Every row of a file, cleaned and checked."""

    table: Table
    mapping: dict[str, str]
    rows: list[RowOutcome]

    def having(self, status: str) -> list[RowOutcome]:
        return [row for row in self.rows if row.status == status]

    @property
    def ignored_columns(self) -> list[str]:
        return [column for column in self.table.columns if column not in self.mapping]


@dataclass(frozen=True)
class Preview:
    """What an import would do: how the file was read, the mapping, the first rows as they
    would be stored, and every bad or duplicate row of the whole file."""

    encoding: str
    delimiter: str
    columns: tuple[str, ...]
    mapping: dict[str, str]  # column → field
    ignored_columns: list[str]
    rows: list[RowOutcome]  # the first ones
    new: int
    bad: list[RowOutcome]
    duplicates: list[RowOutcome]
    blank: int


@dataclass(frozen=True)
class ImportResult:
    encoding: str
    delimiter: str
    mapping: dict[str, str]
    imported: int
    bad: list[RowOutcome]
    duplicates: list[RowOutcome]
    blank: int
    good_rows_only: bool

    @property
    def written(self) -> bool:
        return self.imported > 0

    def summary(self) -> str:
        parts = [f"{len(self.duplicates)} duplicate(s) skipped"] if self.duplicates else []
        if self.bad:
            parts.append(f"{len(self.bad)} bad row(s) "
                         + ("left out" if self.good_rows_only else "to correct"))
        if self.bad and not self.good_rows_only:
            head = "Nothing was imported"
        else:
            head = f"{self.imported} client(s) imported"
        return head + (": " + ", ".join(parts) if parts else "") + "."


# Reading ------------------------------------------------------------------------------

Source = str | Path | bytes


def read_table(source: Source, encoding: str | None = None) -> Table:
    """The file's header and rows; refused with a message when it cannot be a client list."""
    text, used = decode(_bytes_of(source), encoding)
    delimiter, text = _delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    try:
        for cells in reader:
            records.append(cells)
    except csv.Error as error:
        raise InvalidInput(f"Row {len(records) + 1} cannot be read as CSV ({error}): "
                           "is a quote missing?") from None
    first = next((i for i, cells in enumerate(records) if any(c.strip() for c in cells)), None)
    if first is None:
        raise InvalidInput("The file is empty: a client list needs a header row and rows.")
    columns = _column_names(_readable(records[first]))
    rows = [(i + 1, cells) for i, cells in enumerate(records[first + 1:], start=first + 1)
            if any(cell.strip() for cell in cells)]
    blank = len(records) - first - 1 - len(rows)
    unreadable = frozenset(number for number, cells in rows if _readable(cells) != cells)
    rows = [(number, _readable(cells)) for number, cells in rows]
    return Table(used, delimiter, columns, rows, blank, unreadable)


def _readable(cells: list[str]) -> list[str]:
    """The cells with each byte UTF-8 could not read shown as "�"."""
    return [_UNREAD_BYTE.sub("\ufffd", cell) for cell in cells]


def _bytes_of(source: Source) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            with open(source, "rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise InvalidInput(f"Cannot read {source}: {error.strerror}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB: that is "
                           "not a client list.")
    return data


# How "surrogateescape" keeps a byte UTF-8 cannot read.
_UNREAD_BYTE = re.compile("[\udc80-\udcff]")
# A character of two to four bytes written as UTF-8: a file that holds one is UTF-8.
_UTF8_CHARACTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
NOT_UTF8 = ("Some characters are not UTF-8 (shown as �): correct them, or save the file "
            "again as “CSV UTF-8”")

ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
             "cp1252": "Windows-1252", "windows-1252": "Windows-1252",
             "latin-1": "Latin-1 (ISO-8859-1)", "iso-8859-1": "Latin-1 (ISO-8859-1)"}


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text and the name of the encoding used: the one asked for, the one a byte-order
    mark names, UTF-16 when every other byte is zero, UTF-8 when the bytes hold UTF-8's
    characters, else Windows-1252 (what Excel on Windows writes), else Latin-1 (any byte
    is one). UTF-8 keeps a byte it cannot read as a lone surrogate, for `read_table` to
    find its row."""
    if encoding is not None:
        name = ENCODINGS.get(encoding.lower())
        if name is None:
            raise InvalidInput(f"Unknown encoding “{encoding}”: use one of "
                               "UTF-8, UTF-16, Windows-1252 or Latin-1.")
        if name == "UTF-8":
            return data.decode("utf-8-sig", "surrogateescape"), name
        return _decoded(data, encoding, name), name
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", "surrogateescape"), "UTF-8 (with BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(data, "utf-16", "UTF-16"), "UTF-16"
    head = data[:4096]
    if head[1::2].count(0) > len(head) // 4:  # ASCII text as UTF-16 with no byte-order mark
        return _decoded(data, "utf-16-le", "UTF-16"), "UTF-16 (little-endian, no BOM)"
    if head[0::2].count(0) > len(head) // 4:
        return _decoded(data, "utf-16-be", "UTF-16"), "UTF-16 (big-endian, no BOM)"
    if _UTF8_CHARACTER.search(data) or data.isascii():
        return data.decode("utf-8", "surrogateescape"), "UTF-8"
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1 (ISO-8859-1)"


def _decoded(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InvalidInput(f"The file is not {name}: byte {error.start + 1} cannot be read "
                           "that way. Save it again as “CSV UTF-8”.") from None


def _delimiter_of(text: str) -> tuple[str, str]:
    """The delimiter, and the text without Excel's "sep=;" line when it names one."""
    first_line = text.split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=.", first_line):
        return first_line[4], text.split("\n", 1)[1] if "\n" in text else ""
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = _widths(sample, delimiter)
        if widths and widths[0] > 1:
            score = (sum(width == widths[0] for width in widths), widths[0])
            if score > best_score:
                best, best_score = delimiter, score
    return best, text


def _widths(sample: str, delimiter: str, lines: int = 20) -> list[int]:
    widths = []
    try:
        for cells in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if any(cells):
                widths.append(len(cells))
            if len(widths) == lines:
                break
    except csv.Error:
        pass
    return widths


def _column_names(header: list[str]) -> tuple[str, ...]:
    """Header cells as names a mapping can use: blank ones named by position, repeated ones
    numbered."""
    names: list[str] = []
    for position, cell in enumerate(header, start=1):
        name = " ".join(cell.split()) or f"column {position}"
        base, count = name, 2
        while name in names:
            name, count = f"{base} ({count})", count + 1
        names.append(name)
    return tuple(names)


# Mapping ------------------------------------------------------------------------------

def _header_key(name: str) -> str:
    key = re.sub(r"[^0-9a-z]+", " ", search_key(name)).strip()
    return re.sub(r"( ?\d+)+$", "", key) or key  # "Phone 2" reads as "phone"


_RANKS = {word: (target, rank) for target, words in SYNONYMS.items()
          for rank, word in enumerate(words)}


def guess_mapping(columns: Iterable[str]) -> dict[str, str]:
    """Column → field from the header names: the best column for each field; every column
    that reads as notes or alerts goes to the alerts."""
    found = {column: _RANKS[_header_key(column)] for column in columns
             if _header_key(column) in _RANKS}
    best: dict[str, str] = {}
    for column, (target, rank) in found.items():
        if target != "alerts" and (target not in best or rank < found[best[target]][1]):
            best[target] = column
    mapping = {column: target for target, column in best.items()}
    mapping.update({c: "alerts" for c, (target, _) in found.items() if target == "alerts"})
    return _names_settled(mapping)


def _names_settled(mapping: dict[str, str]) -> dict[str, str]:
    by_field = {target: column for column, target in mapping.items()}
    name = by_field.get("name")
    if name and "first_name" in by_field and "last_name" not in by_field \
            and _header_key(name) in _BARE_NAMES:
        mapping[name] = "last_name"
    elif name:  # a full name beats its parts
        for part in ("first_name", "last_name"):
            mapping.pop(by_field.get(part, ""), None)
    return mapping


def resolve_mapping(columns: tuple[str, ...], explicit: dict[str, str] | None) -> dict[str, str]:
    """The guessed mapping with the caller's entries on top: a field the caller gives a
    column loses its guessed one (a full name and its parts exclude each other); "" or
    "ignore" leaves a column out. Column names are matched whatever their case and spacing."""
    mapping = guess_mapping(columns)
    chosen = {_column_named(columns, column): _field_named(target)
              for column, target in (explicit or {}).items()}
    for column, target in chosen.items():
        if target != "alerts":
            clashing = {target, *_CLASHES.get(target, ())}
            mapping = {c: t for c, t in mapping.items() if c in chosen or t not in clashing}
        mapping[column] = target
    mapping = {column: target for column, target in mapping.items() if target}
    _check_mapping(mapping)
    return mapping


_CLASHES = {"name": ("first_name", "last_name"), "first_name": ("name",),
            "last_name": ("name",)}


def _column_named(columns: tuple[str, ...], name: str) -> str:
    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    found = [column for column in columns if key(column) == key(name)]
    if not found:
        raise InvalidInput(f"There is no column “{name}” in the file; its columns are "
                           + ", ".join(f"“{c}”" for c in columns) + ".")
    return found[0]


def _field_named(text: str) -> str:
    """A field as typed ("First name", "e-mail"); "" for a column left out."""
    target = re.sub(r"[\s-]+", "_", text.strip().lower())
    target = {"ignore": "", "e_mail": "email", "notes": "alerts"}.get(target, target)
    if target and target not in FIELDS:
        raise InvalidInput(f"“{text}” is not a client field: use one of "
                           + ", ".join(FIELDS) + " or ignore.")
    return target


def _check_mapping(mapping: dict[str, str]) -> None:
    targets = list(mapping.values())
    for target in FIELDS:
        if target != "alerts" and targets.count(target) > 1:
            raise InvalidInput(f"Two columns go to {target}: map one of them only.")
    if "name" in targets and ({"first_name", "last_name"} & set(targets)):
        raise InvalidInput("Map either a full-name column or first and last name, not both.")
    if not {"name", "first_name", "last_name"} & set(targets):
        raise InvalidInput("No column gives the client's name: map one with name (or "
                           "first_name and last_name).")


# Checking -----------------------------------------------------------------------------

def _unescaped(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_START else cell


def _values(cells: list[str], columns: tuple[str, ...], mapping: dict[str, str]) -> dict:
    """The row's text for each field, as the file gives it."""
    values = dict.fromkeys(FIELDS, "")
    notes = []
    for position, column in enumerate(columns):
        target = mapping.get(column)
        cell = _unescaped(cells[position]) if position < len(cells) else ""
        if target == "alerts":
            notes.append((column, cell))
        elif target:
            values[target] = cell
    filled = [(column, note) for column, note in notes if note.strip()]
    values["alerts"] = (filled[0][1] if len(filled) == 1 else
                        "\n".join(f"{column}: {note}" for column, note in filled))
    if not values["name"]:
        values["name"] = " ".join(part for part in (values["first_name"], values["last_name"])
                                  if part.strip())
    return values


def _shown(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "…"


def clean_row(cells: list[str], columns: tuple[str, ...], mapping: dict[str, str],
              unreadable: bool = False) -> tuple[dict, list[str]]:
    """The client's fields as add_client would store them, and the row's problems (with
    problems: the cells as read, for showing). An `unreadable` row held bytes its encoding
    could not read: never stored."""
    values = _values(cells, columns, mapping)
    client: dict = {}
    problems = [NOT_UTF8] if unreadable else []
    extra = [cell for cell in cells[len(columns):] if cell.strip()]
    if extra:
        problems.append(f"The row has {len(cells)} cells but the header has {len(columns)} "
                        "(a delimiter inside a value without quotes?)")
    if not values["name"].strip():
        problems.append("No name")
    checks = (("name", (values["name"], None, None, None, None)),
              ("phone", (None, values["phone"], None, None, None)),
              ("email", (None, None, values["email"], None, None)),
              ("alerts", (None, None, None, values["alerts"], None)))
    for target, arguments in checks:
        if target == "name" and "No name" in problems:
            continue
        try:
            client.update(client_fields(*arguments))
        except InvalidInput as error:
            problems.append(_shown(error.message.rstrip(".")))
    if problems:  # shown as read, so the person sees which row it is
        return {name: values[name] for name in ("name", "phone", "email", "alerts")}, problems
    return client, problems


@dataclass
class _Seen:
    """Whom a phone or an email already belongs to: existing clients, then earlier rows."""

    phones: dict[str, tuple[str, str]] = field(default_factory=dict)  # digits → (who, key)
    emails: dict[str, str] = field(default_factory=dict)

    def add(self, client: dict, who: str) -> None:
        if client["phone_digits"]:
            self.phones.setdefault(client["phone_digits"], (who, client["search_name"]))
        if client["email"]:
            self.emails.setdefault(client["email"].casefold(), who)

    def match(self, client: dict) -> str:
        phone = self.phones.get(client["phone_digits"]) if client["phone_digits"] else None
        if phone is not None:
            same_name = phone[1] == client["search_name"]
            return f"same {'name and ' if same_name else ''}phone as {phone[0]}"
        email = self.emails.get(client["email"].casefold()) if client["email"] else None
        return f"same email as {email}" if email else ""


def existing_clients(salon: Salon) -> _Seen:
    """Every client's phone and email, read once (one query, not one a row)."""
    seen = _Seen()
    query = Client.select(Client.id, Client.name, Client.search_name, Client.phone_digits,
                          Client.email).order_by(Client.id).tuples()
    for client_id, name, search_name, digits, email in query.iterator():
        seen.add({"phone_digits": digits, "email": email, "search_name": search_name},
                 f"existing client {client_id} ({name})")
    return seen


def analyse(table: Table, mapping: dict[str, str], seen: _Seen,
            progress: Progress | None = None, total: int = 0) -> Analysis:
    outcomes = []
    for done, (number, cells) in enumerate(table.rows, start=1):
        client, problems = clean_row(cells, table.columns, mapping,
                                     number in table.unreadable)
        if problems:
            outcomes.append(RowOutcome(number, client, tuple(problems)))
        else:
            outcomes.append(RowOutcome(number, client, (), seen.match(client)))
            seen.add(client, f"row {number} ({client['name']})")
        if progress and done % 500 == 0:
            progress(done, total or len(table.rows))
    return Analysis(table, mapping, outcomes)


# The two operations -------------------------------------------------------------------

def preview(salon: Salon, file: Source, mapping: dict[str, str] | None = None, *,
            rows: int = PREVIEW_ROWS,
            encoding: str | None = None) -> Preview:
    """What importing `file` would do now; writes nothing."""
    table = read_table(file, encoding)
    analysis = analyse(table, resolve_mapping(table.columns, mapping), existing_clients(salon))
    return Preview(table.encoding, table.delimiter, table.columns, analysis.mapping,
                   analysis.ignored_columns, analysis.rows[:rows], len(analysis.having("new")),
                   analysis.having("bad"), analysis.having("duplicate"), table.blank)


def import_clients(salon: Salon, file: Source, mapping: dict[str, str] | None = None, *,
                   by: int, approved_by: int, good_rows_only: bool = False,
                   encoding: str | None = None, progress: Progress | None = None
                   ) -> ImportResult:
    """Add the file's new clients in one transaction. With bad rows, nothing is added
    unless `good_rows_only` says to add the rest; duplicates are always skipped and
    listed. A manager approves (a whole list at once is theirs), and the journal keeps it.
    `progress(done, total)` may raise to cancel: nothing is then left behind."""
    table = read_table(file, encoding)
    mapping = resolve_mapping(table.columns, mapping)
    total = 2 * len(table.rows)  # checking every row, then inserting the new ones
    with salon.writing():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        # Read inside the transaction: a client added at another station meanwhile counts.
        analysis = analyse(table, mapping, existing_clients(salon), progress, total)
        new = [row.client for row in analysis.having("new")]
        result = ImportResult(table.encoding, table.delimiter, mapping, 0,
                              analysis.having("bad"), analysis.having("duplicate"),
                              table.blank, good_rows_only)
        if (result.bad and not good_rows_only) or not new:
            return result
        _insert(salon, new, progress, total)
        record_approval(salon, approved_by, "Client list imported", {
            "file": _file_name(file), "clients added": len(new),
            "duplicates skipped": len(result.duplicates), "bad rows left out": len(result.bad),
        })
    return replace(result, imported=len(new))


def _insert(salon: Salon, new: list[dict], progress: Progress | None, total: int) -> None:
    created = salon.now_stored()
    done = 0
    for chunk in chunked(new, INSERT_CHUNK):
        Client.insert_many([{**client, "created_at": created} for client in chunk]).execute()
        done += len(chunk)
        if progress:
            progress(total // 2 + done * (total - total // 2) // len(new), total)


def _file_name(file: Source) -> str:
    return "(data)" if isinstance(file, bytes) else Path(file).name

