"""Take the user guide's screenshots at 1366×768, as a person sees them: under a window
manager, from the screen itself (title bars and all), on a demo salon of its own.

    Xvfb :9 -screen 0 1366x768x24 & DISPLAY=:9 openbox &
    DISPLAY=:9 .venv/bin/python docs/screenshots.py

It builds the demo salon (14 days) in a temporary folder with the clock at 11:00 today, so
the day book shows a morning's mix — paid, in the chair, still to come — whatever the hour
it runs; then it checks a client in, takes payments, and writes the PNGs to
docs/screenshots/. Main windows are shown maximised; a dialog is cut from the screen with
its frame.
"""

from __future__ import annotations

import math
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from salon_pos.demo import TIME_ZONE, build_demo
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.consultations import Answered
from salon_pos.domain.errors import DomainError
from salon_pos.domain.localtime import local_of, local_to_utc, zone
from salon_pos.services.kernel import lookup
from salon_pos.services.kernel.context import Salon
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import bookings, checkout
from salon_pos.services.operations.erasure import erasure_plan
from salon_pos.services.operations.patch_tests import PatchTestNeeded
from salon_pos.services.views import staff
from salon_pos.services.views.consultations import booking_forms
from salon_pos.services.views.formulas import starting_formula
from salon_pos.services.views.my_day import my_day
from salon_pos.services.views.notes import booking_notes
from salon_pos.store.models import (
    BookedService,
    Booking,
    Client,
    Consultation,
    Course,
    PatchTest,
    Sale,
    Service,
    VisitPhoto,
)
from salon_pos.ui.app import make_application
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.dialogs.booking import BookingDialog, DepositDialog
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.client_data import ClientDataDialog
from salon_pos.ui.dialogs.client_purge import PurgeDialog
from salon_pos.ui.dialogs.consultation import ConsultationDialog
from salon_pos.ui.dialogs.consultation_form import ConsultationFormDialog
from salon_pos.ui.dialogs.first_start import FirstStartDialog
from salon_pos.ui.dialogs.formula import FormulaDialog
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.dialogs.patch_test_waiver import WaiverDialog
from salon_pos.ui.dialogs.refund import RefundDialog
from salon_pos.ui.dialogs.voucher_lookup import VoucherLookupDialog
from salon_pos.ui.main_window import MainWindow
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner

OUT = Path(__file__).parent / "screenshots"
# Each tab of the manager's area, by its title: the picture's name.
MANAGER_SHOTS = {"Drawer and day close": "manager-drawer", "Reports": "manager-reports",
                 "Fees kept": "manager-fees", "Stock": "manager-stock",
                 "Gift vouchers": "manager-vouchers", "Commission": "manager-commission",
                 "Courses": "manager-courses", "Messages": "manager-messages",
                 "Settings": "manager-settings", "Data": "manager-data"}


def settle(ms: int = 150) -> None:
    """Let Qt lay out and paint (and background jobs report back)."""
    app = QApplication.instance()
    end = QTimer()
    end.setSingleShot(True)
    end.start(ms)
    while end.isActive():
        app.processEvents()


def shoot(widget: QWidget, name: str) -> None:
    if isinstance(widget, QMainWindow):
        widget.showMaximized()
    else:
        widget.show()
        widget.raise_()
        widget.activateWindow()
    settle(500)  # the window manager maps and frames the window
    frame = widget.frameGeometry() if not isinstance(widget, QMainWindow) else None
    screen = QApplication.primaryScreen()
    shot = (screen.grabWindow(0) if frame is None else
            screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()))
    shot.save(str(OUT / f"{name}.png"))
    print("saved", name)


def session_of(salon: Salon, role: str) -> Session:
    member = next(m for m in staff.list_staff(salon) if m["role"] == role)
    return Session(salon, TaskRunner(salon.database), member["id"], member["name"], role)


def ready_booking(salon: Salon, by: int) -> int:
    """A booking of today (one with an agreed note if there is one), taken through check
    in, start and finish, for the checkout."""
    today = [b for b in Booking.select().where(Booking.status == "booked")
             .order_by(Booking.start)
             if salon.today() == b.start.astimezone(salon.settings().tz).date()]
    today.sort(key=lambda b: not any(n.acknowledged for n in booking_notes(salon, b.id)))
    for booking in today:
        try:
            with salon.batch():
                for step in (bookings.check_in, bookings.start_service, bookings.finish_service):
                    step(salon, booking.id, by=by)
        except DomainError:
            continue
        return booking.id
    raise SystemExit("No booking of today could be taken to checkout: rebuild the demo.")


def course_client(salon: Salon) -> Course:
    """A course of the demo with sessions used and some left."""
    return (Course.select().where(Course.issued_on.is_null(False) & (Course.sessions_left > 0)
                                  & (Course.sessions_left < Course.sessions)).first()
            or Course.select().where(Course.sessions_left > 0).first())


def ready_booking_of(salon: Salon, by: int, course: Course) -> int:
    """The course's client booked this afternoon for a service it covers, and done."""
    service = int(course.service_ids.split(",")[0])
    for hour in range(14, 18):
        for member in staff.list_staff(salon):
            if member["role"] != "stylist":
                continue
            try:
                with salon.batch():
                    booking = bookings.book(
                        salon, client_id=course.client_id, stylist_id=member["id"],
                        start=local_to_utc(salon.today(), time(hour), zone(TIME_ZONE)),
                        service_ids=[service], by=by)
                    for step in (bookings.check_in, bookings.start_service,
                                 bookings.finish_service):
                        step(salon, booking, by=by)
                return booking
            except DomainError:
                continue
    raise SystemExit("No free afternoon slot for the course's client: rebuild the demo.")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp())
    # This station's settings (where windows were left) in the work folder, not the user's.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    make_application()
    empty = open_salon(SalonLocation(str(work / "new.db"), work / "new"))
    guided_start(FirstStartDialog(Session(empty, TaskRunner(empty.database))))
    tz = zone(TIME_ZONE)
    clock = FixedClock(local_to_utc(datetime.now(tz).date(), time(11, 0), tz))
    salon = open_salon(SalonLocation(str(work / "salon.db"), work), clock)
    print("building the demo salon…")
    build_demo(salon, days=14, seed=1)
    desk = session_of(salon, "front_desk")
    manager = session_of(salon, "manager")

    shoot(LoginDialog(desk), "login")
    window = MainWindow(desk)
    book = window.day_book
    shoot(window, "day-book")
    busy = next(e for e in book.model.book.entries if e.status == "booked")
    book.choose(busy.booking_id)
    shoot(window, "day-book-panel")

    dialog = BookingDialog(desk)
    dialog.search.setText("Mur")
    for row in range(min(2, dialog.services.count())):
        dialog.services.item(row).setCheckState(Qt.CheckState.Checked)
    shoot(dialog, "booking")
    dialog.close()
    owing = next((e for e in book.model.book.entries
                  if e.status == "booked" and e.deposit_due > e.deposit_held), busy)
    deposit = DepositDialog(desk, owing.booking_id, owing.deposit_due - owing.deposit_held)
    shoot(deposit, "deposit")
    deposit.close()

    stylist = Session(salon, desk.tasks, busy.stylist_id, "", "stylist")
    stylist.staff_name = lookup.get_staff(salon, busy.stylist_id).name
    stylist_window = MainWindow(stylist)
    assert my_day(salon, busy.stylist_id, salon.today()) is not None
    shoot(stylist_window, "my-day")
    stylist_window.close()

    till = CheckoutDialog(desk, ready_booking(salon, desk.staff_id))
    shoot(till, "checkout")
    if till.signoff.isVisible():
        till.signoff.matches.setChecked(True)
        till.record_signoff()
    till.reference.setText("T-1234")
    till.take("card")
    till.pay()
    settle(400)
    shoot(till.preview, "receipt-preview")
    till.preview.close()
    till.close()

    course = course_client(salon)
    checkout = CheckoutDialog(desk, ready_booking_of(salon, desk.staff_id, course))
    shoot(checkout, "checkout-course")
    checkout.close()

    window.show_page("clients")
    clients = window.page("clients")
    regular = Sale.select().where(Sale.client.is_null(False)).first().client
    clients.search.setText(regular.name.split()[0])
    settle()
    clients.open_client(regular.id)
    shoot(window, "clients")
    clients.search.setText(Client.get_by_id(course.client_id).name)
    settle()
    clients.open_client(course.client_id)
    clients.tabs.setCurrentWidget(clients.courses_tab)
    shoot(window, "clients-courses")
    patch_test_shots(salon, desk, window)
    care_record_shots(salon, desk, manager, window)
    client_data_shots(salon, manager)
    fill_the_chair_shots(salon, desk, window)

    sale = CheckoutDialog(desk, None)
    sale.sell_voucher()
    shoot(sale.editor, "voucher-sale")
    sale.editor.amount.setText("50")
    sale.editor.submit()
    shoot(sale, "new-sale-voucher")
    sale.take("voucher")
    sale.editor.code.setText("7KQ2-M9XD-40TB-H3PZ")
    shoot(sale.editor, "voucher-code")
    sale.editor.reject()
    sale.reject()
    balance = VoucherLookupDialog(desk)
    balance.code.setText(sold_voucher_code(salon, desk.staff_id))
    balance.look_up()
    shoot(balance, "voucher-balance")

    from salon_pos.ui.mail_worker import MailWorker

    manager.mail = MailWorker(manager)  # as the app has it (not started: no server here)
    manager_window = MainWindow(manager)
    manager_window.show_page("manager")
    area = manager_window.page("manager")
    tabs = {area.tabs.tabText(index): index for index in range(area.tabs.count())}
    for title, index in tabs.items():
        area.tabs.setCurrentIndex(index)
        settle(600)  # reports load in the background
        shoot(manager_window, MANAGER_SHOTS[title])
    settings = area.page(tabs["Settings"])
    area.tabs.setCurrentIndex(tabs["Settings"])  # its own tabs are shown on the Settings tab
    for index in range(1, settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        shoot(manager_window, f"manager-settings-{index + 1}")
    catalogue = settings.catalogue
    catalogue.lists.setCurrentWidget(catalogue.designs)
    shoot(manager_window, "manager-voucher-designs")
    shoot(design_dialog(catalogue), "voucher-design")
    shoot(import_dialog(area.page(tabs["Data"]), salon), "client-import")

    refund = RefundDialog(desk)
    refund.number.setText("1")
    refund.find()
    shoot(refund, "refund")
    shoot(ApprovalDialog(desk, "A refund"), "approval")


def patch_test_shots(salon: Salon, desk: Session, window: MainWindow) -> None:
    """The demo's patch tests: the reaction on the client's page and in the day book, a
    colour booked for a client who is due, and a manager's waiver asked at the start."""
    window.show_page("clients")
    clients = window.page("clients")
    reacted = PatchTest.get(PatchTest.result == "reaction").client
    clients.search.setText(reacted.name)
    settle()
    clients.open_client(reacted.id)
    clients.tabs.setCurrentWidget(clients.patch_tab)
    shoot(window, "clients-patch-tests")
    window.show_page("day_book")
    book = window.day_book
    upcoming = Booking.select().where((Booking.client == reacted.id)
                                      & (Booking.status == "booked")).order_by(Booking.start)
    booking = upcoming.first()
    book.show_day(local_of(booking.start, zone(TIME_ZONE)).date())
    book.choose(booking.id)
    book.table.scrollTo(book.model.index(*book.model.cell_of(booking.id)))
    shoot(window, "day-book-patch-test")
    book.show_day(salon.today())

    colour = Service.get(Service.name == "Root colour")
    due = next(c for c in Client.select().order_by(Client.id)
               if not PatchTest.select().where(PatchTest.client == c.id).exists())
    when = datetime.combine(salon.today() + timedelta(days=4), time(14),
                            tzinfo=zone(TIME_ZONE))
    dialog = BookingDialog(desk, client_id=due.id, when=when, service_ids=(colour.id,))
    shoot(dialog, "booking-patch-test")
    dialog.close()
    for hour in range(14, 18):
        for member in staff.list_staff(salon):
            try:
                booking = bookings.book(salon, client_id=due.id, stylist_id=member["id"],
                                        start=local_to_utc(salon.today(), time(hour),
                                                           zone(TIME_ZONE)),
                                        service_ids=[colour.id], by=desk.staff_id)
                break
            except DomainError:
                continue
        else:
            continue
        break
    bookings.check_in(salon, booking, by=desk.staff_id)
    try:
        bookings.start_service(salon, booking, by=desk.staff_id)
    except PatchTestNeeded as refused:
        waiver = WaiverDialog(desk, refused.message)
        waiver.reason.setPlainText("Test card from her last salon, dated three weeks ago")
        shoot(waiver, "patch-test-waiver")
        waiver.close()


def care_record_shots(salon: Salon, desk: Session, manager: Session,
                      window: MainWindow) -> None:
    """A consultation taken with a client due later today (answers, the note beside them,
    signed), the client's Consultations tab with the record printed, and the form editor."""
    book = window.day_book
    window.show_page("day_book")
    later = next(e for e in book.model.book.entries if e.status == "booked"
                 and booking_forms(salon, e.booking_id)
                 and any(not n.acknowledged for n in booking_notes(salon, e.booking_id)))
    dialog = ConsultationDialog(desk, later.booking_id)
    for _category, rows in dialog.answers:
        for row in rows:
            if row.question.kind is Answered.YES_NO:
                row.choice.buttons()[1].setChecked(True)  # no
            else:
                row.details.setText("Highlights twice a year; ends feel dry")
        rows[0].choice.buttons()[0].setChecked(True)
        rows[0].details.setText("box dye, about a year ago")
    dialog.note.agreed.setChecked(True)
    dialog.signature.pad.strokes = [[QPointF(40 + x * 6, 70 + 28 * math.sin(x / 2.2))
                                     for x in range(60)]]
    dialog.signature.pad.changed.emit()
    shoot(dialog, "consultation")
    dialog.close()

    window.show_page("clients")
    clients = window.page("clients")
    consulted = Consultation.select().where(Consultation.category == "Colour").order_by(
        Consultation.id.desc()).first().client
    clients.search.setText(consulted.name)
    settle()
    clients.open_client(consulted.id)
    clients.tabs.setCurrentWidget(clients.consultations_tab)
    shoot(window, "clients-consultations")
    clients.consultations_tab.print_record()
    settle(400)
    shoot(clients.consultations_tab.preview, "consultation-record")
    clients.consultations_tab.preview.close()
    window.show_page("day_book")

    editor = ConsultationFormDialog(manager, "Colour")
    shoot(editor, "consultation-form")
    editor.close()

    photographed = VisitPhoto.select().order_by(VisitPhoto.id.desc()).first()
    window.show_page("clients")
    client = Client.get_by_id(photographed.client_id)
    clients.search.setText(client.name)
    settle()
    clients.open_client(client.id)
    clients.tabs.setCurrentWidget(clients.colour_tab)
    row = next(n for n, v in enumerate(clients.colour_tab.visits)
               if v.booking_id == photographed.booking_id)
    clients.colour_tab.table.selectRow(row)
    shoot(window, "clients-colour")
    window.show_page("day_book")
    # A colour visit of today's that has begun, to start from the client's last formula;
    # else the visit photographed last.
    colour = {booking for (booking,) in BookedService.select(BookedService.booking).join(
        Service).where(Service.category == "Colour").tuples()}
    begun = next((e.booking_id for e in book.model.book.entries
                  if e.status in ("arrived", "in_service", "ready", "closed")
                  and e.booking_id in colour
                  and starting_formula(salon, e.booking_id)[0] is not None),
                 photographed.booking_id)
    formula = FormulaDialog(desk, begun)
    shoot(formula, "formula")
    formula.close()


def client_data_shots(salon: Salon, manager: Session) -> None:
    """A client's data window for a client who could be erased now (their patch test kept),
    and the purge of lapsed clients listed."""
    erasable = next(plan for plan in (erasure_plan(salon, client.id) for client in
                                      Client.select().join(PatchTest).distinct())
                    if plan.can_erase and plan.care_records_kept)
    dialog = ClientDataDialog(manager, erasable.client_id, manager.staff_id)
    shoot(dialog, "client-data")
    dialog.close()
    purge = PurgeDialog(manager, manager.staff_id)
    for _ in range(100):
        settle(50)
        if purge.plan is not None:
            break
    shoot(purge, "client-purge")
    purge.close()


def fill_the_chair_shots(salon: Salon, desk: Session, window: MainWindow) -> None:
    """Tomorrow's colour with a blow-dry in its processing time; a booking repeated, one
    repeat clashing; the waitlist, and a place freed offered to it; the calls to make."""
    from salon_pos.services.operations import waitlist
    from salon_pos.services.views.waitlist import place_freed, suited
    from salon_pos.ui.dialogs.call_list import CallListDialog
    from salon_pos.ui.dialogs.series import RepeatDialog
    from salon_pos.ui.dialogs.waitlist import FreedPlaceDialog, WaitlistDialog

    window.show_page("day_book")
    book = window.day_book
    processing = (BookedService.select().where((BookedService.processing_min > 0)
                                                & (BookedService.name == "Full head colour"))
                  .order_by(BookedService.id.desc()).first().booking)
    book.show_day(processing.start.replace(tzinfo=UTC).astimezone(salon.settings().tz).date())
    colour = book.model.entry(processing.id)
    book.choose(colour.booking_id)
    book.table.scrollTo(book.model.index(*book.model.cell_of(colour.booking_id)),
                        QAbstractItemView.ScrollHint.PositionAtCenter)
    shoot(window, "day-book-processing")

    bookings.book(salon, client_id=Client.select().first().id, stylist_id=colour.stylist_id,
                  start=colour.start + timedelta(days=14), by=desk.staff_id,
                  service_ids=[Service.get(Service.name == "Blow-dry").id])  # a clash shown
    repeat = RepeatDialog(desk, colour.booking_id)
    repeat.every.setValue(1)
    repeat.times.setValue(6)
    repeat.plan()
    shoot(repeat, "repeat")
    repeat.close()

    day = book.day
    leaving = next(e for e in book.model.book.entries
                   if e.status == "booked" and not e.processing and e.start.hour >= 12)
    service = Service.get(Service.name == "Blow-dry").id
    for client in Client.select().where(Client.erased_at.is_null()).limit(3):
        waitlist.add_to_waitlist(salon, client_id=client.id, first_day=day - timedelta(days=1),
                                 last_day=day + timedelta(days=2), earliest=time(9),
                                 latest=time(18), service_ids=[service], by=desk.staff_id,
                                 notes="can come at short notice" if client.id % 2 else "")
    shoot(WaitlistDialog(desk), "waitlist")
    bookings.cancel(salon, leaving.booking_id, by=desk.staff_id)
    place = place_freed(leaving.stylist_id, leaving.start, salon.now())
    shoot(FreedPlaceDialog(desk, place, suited(salon, place)), "freed-place")
    calls = CallListDialog(desk)
    calls.day.setDate(calls.day.date().addDays(2))
    shoot(calls, "calls")


def sold_voucher_code(salon: Salon, by: int) -> str:
    """A voucher sold now, for its code (the demo's codes were given to their buyers)."""
    sale = checkout.open_sale(salon, by=by)
    checkout.add_voucher_line(salon, sale, 7500, by=by)
    checkout.take_tender(salon, sale, by=by, method="card", amount=7500, reference="T-555")
    return checkout.close_sale(salon, sale, by=by)["vouchers"][0]["code"]


def design_dialog(catalogue):
    """The catalogue's single-purpose voucher design, open to edit."""
    row = next(row for row, design in enumerate(catalogue.designs.items)
               if design.single_purpose)
    catalogue.designs.table.selectRow(row)
    catalogue.edit_design()
    return catalogue.dialog


def guided_start(dialog: FirstStartDialog) -> None:
    """The new salon's guided start, a page at a time, filled in as a person would."""
    shoot(dialog, "first-start")
    for page, typed in (("salon", {"Salon name": "Shears & Co", "Your name": "Maeve Byrne",
                                   "Your PIN": "1234", "Your PIN again": "1234"}),
                        ("tax", {}),
                        ("stylists", {"Stylist 1": "Aoife Ní Bhriain", "Stylist 1's PIN": "2222",
                                      "Stylist 2": "Łukasz Nowak", "Stylist 2's PIN": "3333"}),
                        ("services", {"Service 1": "Cut and finish", "Minutes 1": "45",
                                      "Price 1": "40", "Service 2": "Full head colour",
                                      "Minutes 2": "120", "Price 2": "95"})):
        until(lambda page=page: dialog.page.key == page)
        for name, text in typed.items():
            field = next(w for w in dialog.findChildren(QLineEdit) if w.accessibleName() == name)
            field.setText(text)
        if page != "salon":
            shoot(dialog, f"first-start-{page}")
        dialog.next_step()
    until(lambda: not dialog.isVisible())  # the last page saved: the day book is next


def until(ready) -> None:
    for _ in range(200):
        if ready():
            return
        settle(50)
    raise SystemExit("The guided start did not move on: see its message.")


def import_dialog(data_page, salon: Salon):
    """A client list from another system: one row that cannot be read, one already here."""
    listing = salon.data_dir / "clients-from-old-system.csv"
    listing.write_text(
        "Full Name;Mobile;E-mail;Allergies;Member since\n"
        "Anna Byrne;087 111 2222;anna@example.ie;latex;2020\n"
        "Bríd Nic Dhonncha;not a phone;brid@example;;2021\n"
        f"{Client.get_by_id(1).name};{Client.get_by_id(1).phone};;;2019\n"
        "Ciara Dunne;0861234567;;;2022\n", encoding="utf-8")
    dialog = data_page.open_import(listing)
    for _ in range(100):
        settle(50)
        if not dialog.loading:
            break
    dialog.resize(1300, 700)
    return dialog


if __name__ == "__main__":
    main()
