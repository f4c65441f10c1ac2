"""`salon-pos clients import|export`: the client list in and out as CSV; `salon-pos clients
data|erase CLIENT`: one client's own data for an access request, or erased; `salon-pos
clients purge`: the clients with no visit for the retention time erased (a manager's, all)."""

from __future__ import annotations

import argparse

from salon_pos.cli.common import approve, file_path, manager_options, usable_text
from salon_pos.cli.names import client_meant
from salon_pos.domain.retention import erased_after_erasure, erased_name
from salon_pos.services.kernel.context import Salon

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def mapping_entry(text: str) -> tuple[str, str]:
    column, equals, target = text.rpartition("=")
    if not equals or not column.strip():
        raise argparse.ArgumentTypeError("write it as COLUMN=FIELD, e.g. \"Mobile=phone\"")
    return column.strip(), target.strip()


def register(commands) -> None:
    manager = manager_options()
    clients = commands.add_parser("clients", help="import or export the client list as CSV; "
                                                  "one client's data (a manager's)")
    actions = clients.add_subparsers(dest="clients_action", metavar="ACTION", required=True)
    load = actions.add_parser(
        "import", parents=[manager], help="add the clients of a CSV file",
        description="Add the clients of a CSV file (any delimiter; UTF-8, UTF-16, "
                    "Windows-1252 or Latin-1). Duplicates are skipped and listed; with a bad "
                    "row nothing is imported unless --good-rows-only is given.")
    load.add_argument("file", type=file_path, metavar="FILE")
    load.add_argument("--map", type=mapping_entry, action="append", default=[],
                      metavar="COLUMN=FIELD",
                      help="which field a column fills (name, first_name, last_name, phone, "
                           "email, alerts, or ignore); overrides the guess from the header")
    load.add_argument("--preview", action="store_true",
                      help="show what would be imported and every problem; write nothing")
    load.add_argument("--good-rows-only", action="store_true",
                      help="import the good rows even when some rows are bad")
    load.add_argument("--encoding", help="the file's encoding, when the guess is wrong")
    save = actions.add_parser("export", parents=[manager], help="write every client to CSV")
    save.add_argument("--out", type=file_path, required=True, metavar="FILE.csv")
    save.add_argument("--delimiter", choices=tuple(DELIMITERS), default="comma",
                      help="semicolon for a spreadsheet set up for comma decimals")
    data = actions.add_parser(
        "data", parents=[manager], help="one client's data, for their access request",
        description="Everything the salon holds about one client, in a folder: a readable "
                    "PDF, the same as JSON, and their photos and signatures as files.")
    _client_argument(data)
    data.add_argument("--out", type=file_path, required=True, metavar="FOLDER")
    erase = actions.add_parser(
        "erase", parents=[manager], help="erase one client's personal data, as they asked",
        description="Erase one client's personal data (name, phone, email, alerts, notes, "
                    "consultations, formulas, photos, signatures). The money records stay, "
                    "by the client's number; patch tests stay for their retention time. "
                    "Says what stays and why; --preview says it without erasing.")
    _client_argument(erase)
    erase.add_argument("--preview", action="store_true",
                       help="say what would be erased and what kept; change nothing")
    purge = actions.add_parser(
        "purge", parents=[manager], help="erase the clients with no visit for years",
        description="Erase the clients with no visit (and not added) for the retention time "
                    "(setting clients_kept_years), and the patch tests of erased clients "
                    "kept past theirs (care_records_kept_years). Run it with --preview "
                    "first: it lists them.")
    purge.add_argument("--preview", action="store_true",
                       help="list who would be erased, and who is held back and why")
    clients.set_defaults(run=run)


def _client_argument(parser) -> None:
    parser.add_argument("client", type=usable_text, metavar="CLIENT",
                        help="the client's number, name (or a start only they have) or phone")


def run(args, salon: Salon) -> int:
    if args.clients_action == "erase":
        return _erase(args, salon, approve(args, salon, "Erasing a client"))
    if args.clients_action == "purge":
        return _purge(args, salon, approve(args, salon, "Purging clients"))
    if args.clients_action == "data":
        return _data(args, salon, approve(args, salon, "Handing out a client's data"))
    if args.clients_action == "export":
        return _export(args, salon, approve(args, salon, "Exporting the client list"))
    manager = approve(args, salon, "Importing clients")
    if args.preview:
        return _preview(args, salon)
    return _import(args, salon, manager)


def _export(args, salon: Salon, manager: int) -> int:
    from salon_pos.services.exchange.client_export import export_clients

    count = export_clients(salon, args.out, approved_by=manager,
                           delimiter=DELIMITERS[args.delimiter])
    print(f"{count} client(s) written to {args.out}")
    return 0


def _data(args, salon: Salon, manager: int) -> int:
    from salon_pos.services.exchange.client_data import export_client_data

    client = client_meant(salon, args.client)
    out = export_client_data(salon, client["id"], args.out, approved_by=manager)
    print(f"{client['name']}'s data written to {args.out}: {out.pdf.name} (to read), "
          f"{out.json.name} (the same, for a computer) and {out.files} photo and signature "
          "file(s).")
    return 0


def _erase(args, salon: Salon, manager: int) -> int:
    from salon_pos.services.operations.erasure import erase_client, erasure_plan

    client = client_meant(salon, args.client)
    plan = erasure_plan(salon, client["id"])
    if plan.refusals:
        print(f"{plan.name} cannot be erased yet:")
        print("\n".join(f"  - {refusal}" for refusal in plan.refusals))
        print("Nothing was changed.")
        return 1
    if args.preview:
        print(f"Erasing {plan.name} (client {plan.client_id}) would remove:")
        print("\n".join(f"  - {what}" for what in erased_after_erasure()))
        _print_kept(plan.kept, plan.care_records_kept, plan.kept_until,
                    plan.journal_mentions)
        return 0
    done = erase_client(salon, client["id"], approved_by=manager)
    print(f"Client {done.client_id}'s personal data is erased; they are now "
          f"“{erased_name(done.client_id)}”.")
    _print_kept(plan.kept, done.care_records_kept, done.kept_until, done.journal_mentions)
    _print_files_left(done.files_left, salon)
    return 0


def _print_kept(kept, care_records: int, until, mentions) -> None:
    print("What stays, and why:")
    for item in kept:
        print(f"  - {item.what}.\n    {item.why}")
    if care_records:
        print(f"  This client has {care_records} patch test record(s) kept until {until}.")
    if mentions:
        print(f"  The journal's entries {', '.join(map(str, mentions))} name the client in a "
              "reason typed at the time; the journal cannot be changed, so they stay.")


def _print_files_left(files, salon: Salon) -> None:
    if files:
        print(f"These photos could not be deleted from {salon.photos_dir}; delete them by "
              f"hand: {', '.join(files)}")


def _purge(args, salon: Salon, manager: int) -> int:
    from salon_pos.services.operations.erasure import purge, purge_plan

    plan = purge_plan(salon)
    print(f"Clients with no visit for {plan.years} years: {len(plan.lapsed)} to erase.")
    for found in plan.lapsed:
        print(f"  {found.client_id:>6}  {found.name}  (last visit: {found.last_visit or 'never'})")
    if plan.held_back:
        print(f"Held back ({len(plan.held_back)}), until what is said is done:")
        for found in plan.held_back:
            print(f"  {found.client_id:>6}  {found.name}: {'; '.join(found.refusals)}")
    print(f"Erased clients whose patch tests are now kept long enough: "
          f"{len(plan.care_records_due)}.")
    if args.preview:
        return 0
    done = purge(salon, plan, approved_by=manager)
    print(f"{done.clients} client(s) erased; the old patch tests of "
          f"{done.care_records_clients} erased client(s) erased.")
    _print_files_left(done.files_left, salon)
    return 0


def _preview(args, salon: Salon) -> int:
    from salon_pos.services.exchange.client_import import preview

    seen = preview(salon, args.file, dict(args.map), encoding=args.encoding)
    _print_reading(seen.encoding, seen.delimiter, seen.mapping, seen.ignored_columns)
    print("\nFirst rows as they would be imported:")
    for row in seen.rows:
        if row.status == "new":
            client = row.client
            print(f"  Row {row.number}: {client['name']} | {client['phone']} | "
                  f"{client['email']} | {client['alerts'][:40]!r}")
        else:
            print(f"  {row.describe()}")
    print(f"\nWould import {seen.new} client(s); {len(seen.duplicates)} duplicate(s) "
          f"would be skipped; {len(seen.bad)} bad row(s); {seen.blank} empty row(s).")
    _print_problems(seen.bad, seen.duplicates)
    return 0


def _import(args, salon: Salon, manager: int) -> int:
    from salon_pos.services.exchange.client_import import import_clients

    result = import_clients(salon, args.file, dict(args.map), by=manager, approved_by=manager,
                            good_rows_only=args.good_rows_only, encoding=args.encoding)
    _print_reading(result.encoding, result.delimiter, result.mapping, [])
    _print_problems(result.bad, result.duplicates)
    print(f"\n{result.summary()}")
    if result.bad and not args.good_rows_only:
        print("Correct the rows above and import again, or add --good-rows-only to import "
              "the other rows now.")
        return 1
    return 0


def _print_reading(encoding: str, delimiter: str, mapping: dict, ignored: list) -> None:
    named = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, delimiter)
    print(f"Read as {encoding}, {named}-separated.")
    print("Columns: " + ", ".join(f"{column} → {target}" for column, target in mapping.items()))
    if ignored:
        print("Not imported: " + ", ".join(ignored))


def _print_problems(bad, duplicates) -> None:
    if bad:
        print(f"\nBad rows ({len(bad)}):")
        for row in bad:
            print(f"  {row.describe()}")
    if duplicates:
        print(f"\nDuplicates, skipped ({len(duplicates)}):")
        for row in duplicates:
            print(f"  {row.describe()}")
