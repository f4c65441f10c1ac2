"""`salon-pos courses plans|set|client|held|refund|expire`: the prepaid course plans and
setting one, a client's courses, the courses holding sessions (the salon's liability),
refunding a course's unused sessions and taking expired ones into income. Setting plans,
the courses held, refunds and expiry are a manager's; courses are sold and used at
checkout, in the app."""

from __future__ import annotations

import csv

from salon_pos.cli.common import approve, file_path, manager_options, record_number, usable_text
from salon_pos.cli.names import client_named
from salon_pos.domain.errors import NotFound
from salon_pos.domain.validation import search_key
from salon_pos.domain.ways_to_pay import Use, label_of, ways_to_pay
from salon_pos.files import write_file
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import courses
from salon_pos.services.views.catalogue import list_services
from salon_pos.services.views.courses import (
    CourseView,
    client_courses,
    course_plans,
    course_uses,
    courses_held,
)


def register(commands) -> None:
    group = commands.add_parser("courses", help="prepaid courses: plans, a client's courses, "
                                                "those held, refunds, expired ones")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    manager = manager_options()
    plans = actions.add_parser("plans", help="the course plans and what each sells")
    plans.set_defaults(run=run_plans)

    change = actions.add_parser("set", parents=[manager],
                                help="add or change a course plan (a manager's)")
    change.add_argument("name", type=usable_text, metavar="NAME",
                        help="the plan's name (“Six blow-dries”); an existing one is changed")
    change.add_argument("--services", type=usable_text, required=True, metavar="NAMES",
                        help="the services its sessions can be used for, separated by commas")
    change.add_argument("--sessions", type=int, required=True, metavar="N")
    change.add_argument("--price", type=usable_text, required=True, metavar="AMOUNT",
                        help="the price of the whole course (“150.00”)")
    change.add_argument("--months", type=int, metavar="N",
                        help="how long a course sold is valid (default: the salon's setting)")
    change.add_argument("--not-sold", action="store_true", help="stop selling the plan")
    change.set_defaults(run=run_set)

    client = actions.add_parser("client", help="a client's courses and the sessions used")
    client.add_argument("client", type=usable_text, metavar="CLIENT",
                        help="the client's name, a start of it, or their phone number")
    client.set_defaults(run=run_client)

    held = actions.add_parser("held", parents=[manager],
                              help="every course with sessions left (expired ones marked)")
    held.add_argument("--csv", type=file_path, metavar="FILE", help="also write them as CSV")
    held.set_defaults(run=run_held, manager_only="The courses held")

    refund = actions.add_parser("refund", parents=[manager],
                                help="refund a course's unused sessions (a manager's)")
    refund.add_argument("number", type=record_number, metavar="NUMBER")
    refund.add_argument("--reason", type=usable_text, required=True)
    refund.add_argument("--method", choices=[way.code for way in ways_to_pay(Use.REFUND)],
                        help="all this way (default: back the ways the course was paid)")
    refund.add_argument("--reference", type=usable_text, default="",
                        help="the card terminal's reference of the refund, if it printed one")
    refund.set_defaults(run=run_refund)

    expire = actions.add_parser("expire", parents=[manager],
                                help="take what expired courses hold into income")
    expire.add_argument("numbers", type=record_number, nargs="*", metavar="NUMBER",
                        help="only these courses (all expired ones if none is given)")
    expire.set_defaults(run=run_expire)


def run_plans(args, salon: Salon) -> int:
    money = salon.settings().money
    found = course_plans(salon)
    for plan in found:
        state = "" if plan.active else "  (not sold)"
        print(f"{plan.name}: {plan.sessions} sessions of {plan.services} for "
              f"{money(plan.price)} ({money(plan.per_session)} a session), valid "
              f"{plan.validity_months} months{state}")
    if not found:
        print("No course plans yet: a manager adds one with “salon-pos courses set”.")
    return 0


def run_set(args, salon: Salon) -> int:
    manager = approve(args, salon, "Setting a course plan")
    services = {search_key(service["name"]): service["id"] for service in list_services(salon)}
    wanted = [name.strip() for name in args.services.split(",") if name.strip()]
    unknown = [name for name in wanted if search_key(name) not in services]
    if unknown:
        raise NotFound(f"No service is called “{unknown[0]}”: give the names as the "
                       "catalogue has them.")
    existing = {search_key(plan.name): plan.id for plan in course_plans(salon)}
    plan = courses.save_plan(
        salon, args.name, service_ids=[services[search_key(name)] for name in wanted],
        sessions=args.sessions, price=salon.settings().parse_money(args.price),
        validity_months=args.months, active=not args.not_sold, approved_by=manager,
        plan_id=existing.get(search_key(args.name)))
    print(f"Course plan {plan} saved: {args.name}.")
    return 0


def _line(course: CourseView, money, today) -> str:
    state = "EXPIRED" if course.sessions_left and course.expired(today) else ""
    return (f"course {course.id:>5}  {course.client:<24} {course.name:<24} "
            f"{course.left_text:<22} {money(course.value_left):>11}  until "
            f"{course.expires_on:%Y-%m-%d}  {state}").rstrip()


def run_client(args, salon: Salon) -> int:
    money, today = salon.settings().money, salon.today()
    client = client_named(salon, args.client)
    found = client_courses(salon, client["id"])
    for course in found:
        print(_line(course, money, today))
        print(f"      {course.services}; bought {course.issued_on:%Y-%m-%d} for "
              f"{money(course.price)}")
        for sale, receipt, value in course_uses(salon, course.id):
            print(f"      session used: sale {sale}, receipt {receipt}, {money(value)}")
    if not found:
        print(f"{client['name']} has no prepaid course.")
    return 0


def run_held(args, salon: Salon) -> int:
    money, today = salon.settings().money, salon.today()
    held = courses_held(salon)
    for course in held:
        print(_line(course, money, today))
    expired = sum(c.value_left for c in held if c.expired(today))
    print(f"Prepaid courses held: {money(sum(c.value_left for c in held))} on {len(held)} "
          f"course(s), of which expired {money(expired)}")
    if args.csv:
        def write_rows(out) -> None:
            writer = csv.writer(out)
            writer.writerow(["course", "client", "name", "sessions", "sessions_left",
                             "issued", "valid_until", "expired", "price_minor_units",
                             "value_left_minor_units"])
            writer.writerows([c.id, c.client, c.name, c.sessions, c.sessions_left,
                              c.issued_on, c.expires_on, c.expired(today), c.price,
                              c.value_left] for c in held)

        write_file(args.csv, write_rows, newline="", encoding="utf-8")
        print(f"CSV written to {args.csv}")
    return 0


def run_refund(args, salon: Salon) -> int:
    manager = approve(args, salon, "Refunding a course")
    done = courses.refund_course(salon, args.number, by=manager, approved_by=manager,
                                 reason=args.reason, method=args.method,
                                 reference=args.reference)
    money = salon.settings().money
    ways = ", ".join(f"{money(part)} by {label_of(way).lower()}" for way, part in done["parts"])
    print(f"Course {done['course']}: {done['sessions']} unused session(s) refunded, "
          f"{money(done['amount'])} ({ways}).")
    return 0


def run_expire(args, salon: Salon) -> int:
    manager = approve(args, salon, "Taking expired courses into income")
    done = courses.take_expired_into_income(salon, by=manager, approved_by=manager,
                                            numbers=args.numbers or None)
    print(f"Taken into income: {salon.settings().money(done['amount'])} from "
          f"{done['courses']} expired course(s).")
    return 0
