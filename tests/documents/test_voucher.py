"""The gift voucher to hand over: its code, value and last day on the A5 card and on the
roll, printed only for whoever has the code."""

from __future__ import annotations

import subprocess

import pytest

from salon_pos.documents.voucher import render_voucher
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.vouchers import new_code
from salon_pos.services.views.vouchers import voucher_to_print
from tests.services.test_vouchers import sell_voucher


@pytest.mark.parametrize("page_format", ["a5", "roll"])
def test_the_voucher_shows_its_code_value_and_last_day(s, tmp_path, page_format):
    code = sell_voucher(s, 5000)
    path = tmp_path / "voucher.pdf"
    path.write_bytes(render_voucher(voucher_to_print(s.salon, 1, code), page_format))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for shown in (code, "€50.00", "GIFT VOUCHER", "20 Mar 2031", "Voucher 1"):
        assert shown in text, (shown, text)


def test_a_voucher_is_printed_only_with_its_own_code(s):
    sell_voucher(s, 5000)
    with pytest.raises(InvalidInput, match="not the code of voucher 1"):
        voucher_to_print(s.salon, 1, new_code())
