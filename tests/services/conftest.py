"""What the service tests of a client's care record share: Zoë's whole record."""

from __future__ import annotations

import pytest

from salon_pos.services.operations import (
    bookings,
    clients,
    consultations,
    formulas,
    notes,
    patch_tests,
    visit_photos,
)
from tests.services.helpers import (
    agree_note,
    book,
    book_with_deposit,
    pay_by_card,
    ready_sale,
    signature_png,
)
from tests.services.test_consultations import COLOUR_FORM, REPLIES
from tests.services.test_formulas import ROOTS, photo


@pytest.fixture
def zoes_record(s, tmp_path):
    """Zoë's care record and money: a deposit, a paid cut, a colour visit with its
    consultation, signed note, formula and photos, a signed patch test; and another
    client's, which must not show."""
    book_with_deposit(s, 16)
    _booking, sale = ready_sale(s, 9)
    pay_by_card(s, sale, 4500)
    consultations.save_form(s.salon, "Colour", COLOUR_FORM, approved_by=s.manager)
    colour = book(s, 11, services=[s.colour])
    bookings.check_in(s.salon, colour, by=s.desk)
    note = notes.write_note(s.salon, colour, by=s.stylist, expected_result="Soft copper",
                            price_min=14000, price_max=16000)
    consultation = consultations.record_consultation(
        s.salon, s.client, category="Colour", replies=REPLIES, by=s.desk, booking_id=colour,
        signature=signature_png())
    notes.acknowledge_note(s.salon, note, by=s.desk, consultation_id=consultation)
    visit_photos.add_visit_photo(s.salon, colour, photo(tmp_path), moment="before",
                                 by=s.stylist)
    formulas.save_formula(s.salon, colour, [ROOTS], by=s.stylist)
    patch_tests.record_test(s.salon, s.client, products="Majirel 7", by=s.stylist,
                            signature=signature_png(width=300))
    other = clients.add_client(s.salon, "Orla Other", by=s.desk, phone="01 555 9999")
    agree_note(s, book(s, 14, services=[s.colour], client=other))
    return colour
