"""`salon-pos messages list`: the outbox (sent, waiting, failed with the server's answer);
`salon-pos messages send`: one pass of the mail worker, for a scheduled task on a computer
where the app is closed; `retry` and `dismiss` for a failed message."""

from __future__ import annotations

from salon_pos.cli.common import pin_option, record_number, staff_acting, staff_options
from salon_pos.domain.messages import Status
from salon_pos.services.exchange.mail import send_due
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import outbox
from salon_pos.services.views.messages import outbox as outbox_rows
from salon_pos.services.views.messages import outbox_counts


def register(commands) -> None:
    messages = commands.add_parser("messages", help="the messages to clients: the outbox, "
                                                    "and sending what is due")
    actions = messages.add_subparsers(dest="messages_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the outbox, newest first")
    listing.add_argument("--status", choices=[str(s) for s in Status],
                         help="only the messages sent, waiting, failed or dismissed")
    listing.add_argument("--limit", type=record_number, default=50, metavar="N",
                         help="at most N messages (50)")
    listing.set_defaults(run=run_list)
    send = actions.add_parser(
        "send", help="send the messages that are due (one pass of the worker)",
        description="Send the messages that are due, over the email server in the settings. "
                    "What cannot go now is tried again later; run it from a scheduled task "
                    "(e.g. every 5 minutes) on a computer where the app is closed.")
    send.set_defaults(run=run_send)
    for action, helped in (("retry", "try a failed message again"),
                           ("dismiss", "let a waiting or failed message go unsent")):
        command = actions.add_parser(action, parents=[staff_options(), pin_option()],
                                     help=helped)
        command.add_argument("message", type=record_number, metavar="MESSAGE",
                             help="the message's number, as `messages list` shows it")
        command.set_defaults(run=run_change, change=getattr(outbox, action))


def run_list(args, salon: Salon) -> int:
    counts = outbox_counts(salon)
    print(", ".join(f"{count} {status}" for status, count in counts.items()))
    status = Status(args.status) if args.status else None
    for row in outbox_rows(salon, status=status, limit=args.limit):
        when = f"sent {row.sent}" if row.sent else f"due {row.due}"
        print(f"{row.id:>6}  {row.status:<9}  {row.kind.label:<18}  {row.client} "
              f"<{row.recipient}>  {when}  tries {row.tries}")
        if row.outcome and row.status != Status.SENT:
            print(f"        {row.outcome}")
    if not salon.settings().smtp_host and counts[Status.WAITING]:
        print("No email server is set: `salon-pos settings set smtp_host NAME --manager "
              "NAME` (see docs/messages.md).")
    return 0


def run_send(args, salon: Salon) -> int:
    report = send_due(salon)
    while report.sent and not report.problem:  # a pass takes a few; go on while they go
        more = send_due(salon)
        if not (more.sent or more.later or more.refused):
            break
        report.sent += more.sent
        report.later += more.later
        report.refused += more.refused
        report.problem = more.problem
    print(report)
    return 1 if report.problem else 0


def run_change(args, salon: Salon) -> int:
    args.change(salon, args.message, by=staff_acting(args, salon))
    print(f"Message {args.message}: done.")
    return 0
