"""Prepaid courses on paper: the booking slip says what is left of the client's course for
its service, and the Z report has a section for the courses sold, used and held."""

from __future__ import annotations

from datetime import timedelta

from salon_pos.documents.slip import render_slip
from salon_pos.documents.z_report import render_z_report
from salon_pos.services.operations import bookings
from salon_pos.services.views.booking_documents import booking_record
from salon_pos.services.views.day_report import day_report
from salon_pos.services.views.receipts import salon_header
from tests.documents.conftest import assert_qpdf_clean
from tests.documents.test_booking_documents import flat
from tests.services.test_courses import sell_course, use_session


def test_the_booking_slip_says_what_is_left_of_the_course(s, tmp_path):
    sell_course(s)
    use_session(s)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=7), service_ids=[s.blowdry],
                            by=s.desk)

    pdf = render_slip(booking_record(s.salon, booking), "roll")

    assert "Course Six blow-dries: 5 of 6 sessions left (until 20 Mar 2027)" in flat(pdf)
    assert_qpdf_clean(pdf, tmp_path)


def test_a_slip_for_another_service_says_nothing_of_the_course(s):
    sell_course(s)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=7), service_ids=[s.cut],
                            by=s.desk)
    assert "Course" not in flat(render_slip(booking_record(s.salon, booking), "roll"))


def test_the_z_report_has_the_courses_section(s, tmp_path):
    sell_course(s)
    use_session(s)
    report = day_report(s.salon, s.salon.today())

    pdf = render_z_report(salon_header(s.salon.settings()), "Z report", report.rows(),
                          s.salon.settings().money, "")

    text = flat(pdf)
    for words in ("Prepaid courses Sold €150.00 Sessions used €25.00",
                  "Held at close €125.00"):
        assert words in text, words
