"""`salon-pos receipt|refund-receipt|slip|agreement|consultation|deposit-receipt`: a
printed document as a PDF file (to hand over, email or file)."""

from __future__ import annotations

from salon_pos.cli.common import file_path, record_number
from salon_pos.files import write_bytes
from salon_pos.services.kernel.context import Salon


def register(commands) -> None:
    receipt = commands.add_parser("receipt", help="the receipt of a paid sale, as PDF")
    receipt.add_argument("number", type=record_number, metavar="SALE")
    receipt.add_argument("--out", type=file_path, required=True, metavar="FILE.pdf")
    receipt.add_argument("--format", choices=("roll", "a4", "letter"),
                         help="paper (default: the salon's receipt setting)")
    receipt.add_argument("--receipt-no", action="store_true",
                         help="SALE is the number printed on the receipt, not the sale's id")
    receipt.set_defaults(run=run, document=_receipt)
    for name, what, number, document in (
        ("slip", "the booking confirmation slip", "BOOKING", _slip),
        ("agreement", "the expectation agreement record of a booking", "BOOKING", _agreement),
        ("consultation", "a client's consultation record, with the signature",
         "CONSULTATION", _consultation),
        ("refund-receipt", "the receipt of a refund", "REFUND", _refund_receipt),
        ("deposit-receipt", "the receipt of a deposit movement (its journal entry)", "ENTRY",
         _deposit_receipt),
    ):
        command = commands.add_parser(name, help=f"{what}, as PDF")
        command.add_argument("number", type=record_number, metavar=number)
        command.add_argument("--out", type=file_path, required=True, metavar="FILE.pdf")
        papers = (("a4", "letter") if name in ("agreement", "consultation")
                  else ("roll", "a4", "letter"))
        command.add_argument("--format", choices=papers,
                             help="paper (default: the salon's receipt setting)")
        command.set_defaults(run=run, document=document, receipt_no=False)


def run(args, salon: Salon) -> int:
    what, render = args.document(salon, args.number, args.receipt_no)
    write_bytes(args.out, render(args.format or salon.settings().receipt_format))
    print(f"{what} written to {args.out}")
    return 0


# Each builds (what it is, render(paper) → PDF bytes) from the number given.

def _receipt(salon: Salon, number: int, by_receipt_no: bool):
    from salon_pos.documents.receipt import render_receipt
    from salon_pos.services.views.receipts import receipt_of_sale, sale_of_receipt

    sale_id = sale_of_receipt(salon, number) if by_receipt_no else number
    receipt = receipt_of_sale(salon, sale_id)
    return f"Receipt {receipt.number}", lambda paper: render_receipt(receipt, paper)


def _refund_receipt(salon: Salon, number: int, _by_receipt_no: bool):
    from salon_pos.documents.receipt import render_receipt
    from salon_pos.services.views.receipts import receipt_of_refund

    receipt = receipt_of_refund(salon, number)
    return f"Refund receipt {receipt.number}", lambda paper: render_receipt(receipt, paper)


def _slip(salon: Salon, number: int, _by_receipt_no: bool):
    from salon_pos.documents.slip import render_slip
    from salon_pos.services.views.booking_documents import booking_record

    record = booking_record(salon, number)
    return f"Booking slip {record.number}", lambda paper: render_slip(record, paper)


def _agreement(salon: Salon, number: int, _by_receipt_no: bool):
    from salon_pos.documents.agreement import render_agreement
    from salon_pos.services.views.booking_documents import agreement_record

    record = agreement_record(salon, number)
    return (f"Agreement record {record.booking.number}",
            lambda paper: render_agreement(record, "letter" if paper == "letter" else "a4"))


def _consultation(salon: Salon, number: int, _by_receipt_no: bool):
    from salon_pos.documents.consultation import render_consultation
    from salon_pos.services.views.consultations import consultation_record

    record = consultation_record(salon, number)
    return (f"Consultation record {number} ({record.client}, {record.category})",
            lambda paper: render_consultation(record, "letter" if paper == "letter" else "a4"))


def _deposit_receipt(salon: Salon, number: int, _by_receipt_no: bool):
    from salon_pos.documents.deposit_receipt import render_deposit_receipt
    from salon_pos.services.views.booking_documents import deposit_receipt

    receipt = deposit_receipt(salon, number)
    return f"{receipt.what} {receipt.number}", lambda paper: render_deposit_receipt(receipt, paper)
