"""`salon-pos patch-tests show|record|read|clear`, `salon-pos consultations show|forms`
and `salon-pos bookings check-in|start|finish`: the client's patch tests and
consultations, and the steps of an appointment without the app. Anyone on the staff
records and reads a test and moves a booking on (`--by` and their PIN); clearing a
reaction, and starting work without a valid patch test (`--waive REASON`), are a
manager's (`--manager`). Clients are named by number, name or phone. Consultations are
signed on screen, so they are taken in the app; here they are read and printed."""

from __future__ import annotations

import argparse
from datetime import datetime

from salon_pos.cli.common import (
    approve,
    manager_options,
    pin_option,
    record_number,
    staff_acting,
    staff_options,
    usable_text,
)
from salon_pos.cli.names import client_meant
from salon_pos.domain.consultations import Answered
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.localtime import local_of, local_to_utc
from salon_pos.domain.patch_tests import Result, describe
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import bookings, patch_tests
from salon_pos.services.views.consultations import client_consultations, form
from salon_pos.services.views.consultations import forms as consultation_forms
from salon_pos.services.views.patch_tests import client_tests, patch_state

RESULTS = {"clear": Result.CLEAR, "reaction": Result.REACTION, "not-read": Result.NOT_READ}


def register(commands) -> None:
    manager, staff, pin = manager_options(), staff_options(), pin_option()
    group = commands.add_parser("patch-tests", help="a client's patch tests: show, record, "
                                                    "read, clear a reaction")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="where the client stands, and every test")
    _client_argument(show)
    record = actions.add_parser("record", parents=[staff, pin], help="a test done on a client")
    record.add_argument("client", type=usable_text, metavar="CLIENT")
    record.add_argument("--products", type=usable_text, required=True, metavar="TEXT",
                        help="what was put on the skin, e.g. \"Koleston 6/0 + 6%%\"")
    record.add_argument("--done", type=_local_moment, metavar="\"YYYY-MM-DD HH:MM\"",
                        help="when it was done, salon time (default: now)")
    record.add_argument("--result", choices=sorted(RESULTS), default="not-read",
                        help="for a test done earlier (default: not-read)")
    record.add_argument("--notes", type=usable_text, default="", metavar="TEXT")
    read = actions.add_parser("read", parents=[staff, pin], help="the result of a test")
    read.add_argument("test", type=record_number, metavar="TEST")
    read.add_argument("--result", choices=("clear", "reaction"), required=True)
    read.add_argument("--notes", type=usable_text, metavar="TEXT")
    clear = actions.add_parser("clear", parents=[manager],
                               help="a manager clears a reaction, with the reason")
    clear.add_argument("test", type=record_number, metavar="TEST")
    clear.add_argument("--reason", type=usable_text, required=True, metavar="TEXT")
    show.set_defaults(run=run_show)
    record.set_defaults(run=run_record)
    read.set_defaults(run=run_read)
    clear.set_defaults(run=run_clear)

    group = commands.add_parser("consultations", help="a client's consultations; the salon's "
                                                      "forms")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the client's consultations, answers as given")
    _client_argument(show)
    show.set_defaults(run=run_consultations)
    forms = actions.add_parser("forms", help="the salon's consultation forms, by kind of "
                                             "service, with their questions")
    forms.set_defaults(run=run_forms)

    group = commands.add_parser("bookings", help="an appointment's steps: check in, start, "
                                                 "finish")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, operation, what in (("check-in", bookings.check_in, "the client has arrived"),
                                  ("finish", bookings.finish_service, "the work is done")):
        step = actions.add_parser(name, parents=[staff, pin], help=what)
        step.add_argument("booking", type=record_number, metavar="BOOKING")
        step.set_defaults(run=_step(operation, what))
    start = actions.add_parser(
        "start", parents=[staff, manager], help="the work starts",
        description="Start the work. A service that needs a patch test starts only with a "
                    "valid one, or with a manager's waiver: --waive REASON --manager NAME "
                    "(the PIN asked is the manager's).")
    start.add_argument("booking", type=record_number, metavar="BOOKING")
    start.add_argument("--waive", type=usable_text, metavar="REASON",
                       help="start without a valid patch test (a manager's), saying why")
    start.set_defaults(run=run_start)


def _client_argument(command) -> None:
    command.add_argument("client", type=usable_text, metavar="CLIENT",
                         help="the client's number, name (or a start only they have) or phone")


def _local_moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a time like \"2026-03-20 14:30\"") from None


def run_show(args, salon: Salon) -> int:
    client = client_meant(salon, args.client)
    tz = salon.settings().tz
    print(f"{client['name']} (client {client['id']}): "
          f"{describe(patch_state(salon, client['id'], salon.now_stored()), tz)}.")
    tests = client_tests(salon, client["id"])
    if not tests:
        print("No patch test on record.")
    for test in tests:
        result = str(test.result) + (f" (cleared: {test.cleared_reason})" if test.cleared
                                     else "")
        print(f"  test {test.test_id}: {local_of(test.done_at, tz):%Y-%m-%d %H:%M}  "
              f"{test.products}  by {test.done_by}  {result}"
              + (f"  — {test.notes}" if test.notes else ""))
    return 0


def run_record(args, salon: Salon) -> int:
    client = client_meant(salon, args.client)
    done_at = (local_to_utc(args.done.date(), args.done.time(), salon.settings().tz)
               if args.done else None)
    by = staff_acting(args, salon)
    test = patch_tests.record_test(salon, client["id"], products=args.products, by=by,
                                   done_at=done_at, result=RESULTS[args.result],
                                   notes=args.notes)
    print(f"Patch test {test} recorded for {client['name']}.")
    return 0


def run_read(args, salon: Salon) -> int:
    by = staff_acting(args, salon)
    patch_tests.read_test(salon, args.test, result=args.result, by=by, notes=args.notes)
    print(f"Patch test {args.test}: {args.result}.")
    return 0


def run_clear(args, salon: Salon) -> int:
    manager = approve(args, salon, "Clearing a patch-test reaction")
    patch_tests.clear_reaction(salon, args.test, reason=args.reason, approved_by=manager)
    print(f"The reaction of patch test {args.test} is cleared; the client needs a clear "
          "test before a service that needs one.")
    return 0


def run_consultations(args, salon: Salon) -> int:
    client = client_meant(salon, args.client)
    tz = salon.settings().tz
    found = client_consultations(salon, client["id"])
    print(f"{client['name']} (client {client['id']}): "
          f"{len(found) or 'no'} consultation{'s' if len(found) != 1 else ''}.")
    for consultation in found:
        signed = "signed" if consultation.signed else "not signed"
        booking = f", booking {consultation.booking_id}" if consultation.booking_id else ""
        print(f"  consultation {consultation.consultation_id}: "
              f"{local_of(consultation.recorded_at, tz):%Y-%m-%d %H:%M}  {consultation.category}"
              f"  with {consultation.recorded_by}{booking}  {signed}")
        for answer in consultation.answers:
            print(f"      {answer.question}  {answer.shown}")
    return 0


def run_forms(args, salon: Salon) -> int:
    for category, count in consultation_forms(salon).items():
        print(f"{category}: " + ("no form" if not count else f"{count} questions"))
        for question in form(salon, category):
            print(f"  - {question.text}"
                  + ("  (yes or no)" if question.kind is Answered.YES_NO else ""))
    return 0


def _step(operation, what: str):
    def run(args, salon: Salon) -> int:
        operation(salon, args.booking, by=staff_acting(args, salon))
        print(f"Booking {args.booking}: {what}.")
        return 0
    return run


def run_start(args, salon: Salon) -> int:
    if args.waive is not None and not args.manager:
        raise InvalidInput("Starting without a valid patch test is a manager's: add "
                           "--manager NAME.")
    by = staff_acting(args, salon)
    waiver = None
    if args.waive is not None:
        waiver = patch_tests.Waiver(approve(args, salon, "Starting without a valid patch test"),
                                    args.waive)
    bookings.start_service(salon, args.booking, by=by, waiver=waiver)
    print(f"Booking {args.booking}: the work has started"
          + (", a manager waiving the patch test." if waiver else "."))
    return 0
