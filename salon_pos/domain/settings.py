"""The salon's settings, declared once (name, type, default, label, check); the kernel
keeps them in the database so every station sees the same policy. A new setting is one
field of `SalonSettings` with its label (and its range or choices), here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from functools import cached_property
from zoneinfo import ZoneInfo

from salon_pos.domain.card_numbers import refuse_card_number
from salon_pos.domain.commission import PERIOD_LENGTHS, check_period_start
from salon_pos.domain.deposit_policy import DepositKind, DepositPolicy
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.localtime import zone
from salon_pos.domain.money import (
    MAX_AMOUNT,
    Currency,
    NumberStyle,
    currency,
    format_amount,
    number_style,
    parse_amount,
)
from salon_pos.domain.validation import (
    MAX_NAME,
    clean_email,
    has_control_chars,
    refuse_unprintable,
)


@dataclass(frozen=True)
class SalonSettings:
    salon_name: str = "My Salon"
    salon_address: str = ""
    salon_phone: str = ""
    salon_email: str = ""
    tax_number: str = ""
    receipt_footer: str = "Thank you for visiting!"
    receipt_format: str = "roll"  # roll (80 mm) | a4 | letter
    logo_file: str = ""  # a PNG or JPEG printed at the top of receipts and slips
    receipt_printer: str = ""  # the printer's name as the system knows it; "" = its default
    currency_code: str = "EUR"
    locale: str = "en_IE"
    time_zone: str = "Europe/Dublin"
    prices_include_tax: bool = True
    deposit_kind: str = DepositKind.PERCENT.value
    deposit_percent_bp: int = 2000
    deposit_fixed: int = 1000
    deposit_min: int = 1000
    deposit_max: int = 5000
    deposit_threshold: int = 6000
    deposit_history_count: int = 1
    cancellation_window_hours: int = 24
    no_show_grace_minutes: int = 15
    late_cancel_keeps: str = "fee"  # fee | credit
    kept_deposit_taxable: bool = False
    kept_deposit_tax_rate_bp: int = 0
    cash_rounding_increment: int = 1
    discount_threshold_bp: int = 1000  # discounts beyond 10 % need a manager
    satisfaction_guarantee_days: int = 14
    terminal_reference_required: bool = True  # off: the card terminal prints its own record
    tip_percents: str = "10 15 20"  # checkout's tip buttons, in whole percent ("" = none)
    print_receipt_on_pay: bool = False  # Pay sends the receipt to the printer at once
    lock_after_minutes: int = 5  # the app locks after this long without a touch
    backups_kept: int = 30  # automatic backups kept in the data folder; older ones go
    voucher_validity_years: int = 5  # a gift voucher can be spent this long (Irish minimum)
    stock_count_approval_over: int = 5000  # a count difference worth more needs a manager
    commission_period: str = "monthly"  # weekly | fortnightly | monthly (domain.commission)
    commission_period_start: str = "2026-01-01"  # the first day of a pay period
    course_validity_months: int = 12  # a prepaid course's sessions can be used this long
    patch_test_valid_months: int = 6  # a clear patch test is relied on this long (insurers)
    patch_test_wait_hours: int = 48  # and only from this long after it was done
    care_records_kept_years: int = 6  # an erased client's patch tests are kept this long
    clients_kept_years: int = 6  # a client with no visit this long may be purged
    # Messages to clients (exchange.mail): the server they leave by, and when reminders go.
    smtp_host: str = ""  # "" = no server: messages wait in the outbox
    smtp_port: int = 587
    smtp_security: str = "starttls"  # none | starttls | tls
    smtp_user: str = ""
    smtp_password: str = ""  # kept sealed by the station key (kernel.secrets), never shown
    smtp_from: str = ""  # "" = the salon's email address
    reminder_hours: int = 24  # a reminder goes this long before free cancelling ends

    @property
    def sender(self) -> str:
        """The address messages come from."""
        return self.smtp_from or self.salon_email

    @cached_property
    def currency(self) -> Currency:
        return currency(self.currency_code)

    @cached_property
    def tz(self) -> ZoneInfo:
        return zone(self.time_zone)

    @property
    def deposit_policy(self) -> DepositPolicy:
        return DepositPolicy(
            kind=DepositKind(self.deposit_kind),
            percent_bp=self.deposit_percent_bp,
            fixed_amount=self.deposit_fixed,
            minimum=self.deposit_min,
            maximum=self.deposit_max,
            threshold=self.deposit_threshold,
            history_count=self.deposit_history_count,
        )

    @property
    def tip_choices(self) -> tuple[int, ...]:
        """The tip buttons' percentages (10, 15, 20)."""
        return tuple(int(word) for word in self.tip_percents.split())

    @cached_property
    def number_style(self) -> NumberStyle:
        return number_style(self.locale)

    def money(self, minor: int) -> str:
        """An amount as the salon writes it ("€12.50", "12,50 €")."""
        return format_amount(minor, self.currency, style=self.number_style)

    def parse_money(self, text: str) -> int:
        """What someone typed at the counter, in minor units (refuses what is unclear)."""
        return parse_amount(text, self.currency, style=self.number_style)


SETTING_NAMES = tuple(f.name for f in fields(SalonSettings))

_CHOICES = {
    "deposit_kind": {k.value for k in DepositKind},
    "late_cancel_keeps": {"fee", "credit"},
    "receipt_format": {"roll", "a4", "letter"},
    "commission_period": set(PERIOD_LENGTHS),
    "smtp_security": {"none", "starttls", "tls"},
}
# A server's name: labels of 1–63 letters, digits and inner hyphens; or an IPv6 address.
_HOST_NAME = re.compile(r"(?!.{254})(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)*"
                        r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)|\[?[0-9A-Fa-f:.]+\]?")
# Never shown, never written into the journal as it is (standing.state_of keeps a digest).
SECRET_SETTINGS = frozenset({"smtp_password"})
# Amounts, typed and shown as money (kept in minor units).
MONEY_SETTINGS = frozenset({"deposit_fixed", "deposit_min", "deposit_max", "deposit_threshold",
                            "cash_rounding_increment", "stock_count_approval_over"})
# What receipts print at their head and foot: only characters our fonts draw.
_PRINTED = {"salon_name", "salon_address", "salon_phone", "salon_email", "tax_number",
            "receipt_footer"}
_RANGES = {
    "deposit_percent_bp": (0, 10_000),
    "deposit_fixed": (0, MAX_AMOUNT),
    "deposit_min": (0, MAX_AMOUNT),
    "deposit_max": (0, MAX_AMOUNT),
    "deposit_threshold": (0, MAX_AMOUNT),
    "deposit_history_count": (0, 100),
    "cancellation_window_hours": (0, 24 * 14),
    "no_show_grace_minutes": (0, 24 * 60),
    "kept_deposit_tax_rate_bp": (0, 10_000),
    "cash_rounding_increment": (1, 10_000),
    "discount_threshold_bp": (0, 10_000),
    "satisfaction_guarantee_days": (0, 365),
    "lock_after_minutes": (1, 240),
    "backups_kept": (1, 1000),
    "voucher_validity_years": (1, 50),
    "course_validity_months": (1, 120),
    "patch_test_valid_months": (1, 24),
    "patch_test_wait_hours": (0, 14 * 24),
    "care_records_kept_years": (1, 50),
    "clients_kept_years": (1, 50),
    "smtp_port": (1, 65535),
    "reminder_hours": (0, 14 * 24),
}


# How each setting is called on screen and in messages.
LABELS = {
    "salon_name": "The salon's name", "salon_address": "The address",
    "salon_phone": "The phone number", "salon_email": "The email address",
    "tax_number": "The tax number", "receipt_footer": "The receipt footer",
    "receipt_format": "The receipt paper", "logo_file": "The logo",
    "receipt_printer": "The receipt printer",
    "currency_code": "The currency", "locale": "The language and number format",
    "time_zone": "The time zone", "prices_include_tax": "Prices include tax",
    "deposit_kind": "The deposit rule", "deposit_percent_bp": "The deposit percentage",
    "deposit_fixed": "The fixed deposit", "deposit_min": "The smallest deposit",
    "deposit_max": "The largest deposit", "deposit_threshold": "The deposit threshold",
    "deposit_history_count": "Missed appointments before a deposit is due",
    "cancellation_window_hours": "The cancellation window (hours)",
    "no_show_grace_minutes": "The no-show grace (minutes)",
    "late_cancel_keeps": "What a late cancellation keeps",
    "kept_deposit_taxable": "Kept deposits are taxed",
    "kept_deposit_tax_rate_bp": "The tax rate on kept deposits",
    "cash_rounding_increment": "The cash rounding step",
    "discount_threshold_bp": "The discount a stylist may give alone",
    "satisfaction_guarantee_days": "The free-redo guarantee (days)",
    "terminal_reference_required": "Card payments need the terminal's reference",
    "tip_percents": "The tip buttons, in percent",
    "print_receipt_on_pay": "Print the receipt on Pay",
    "lock_after_minutes": "Lock after (minutes without use)",
    "backups_kept": "Automatic backups kept",
    "voucher_validity_years": "Gift vouchers are valid for (years)",
    "course_validity_months": "Prepaid courses are valid for (months)",
    "patch_test_valid_months": "A clear patch test is valid for (months)",
    "patch_test_wait_hours": "A patch test can be relied on after (hours)",
    "care_records_kept_years": "Care records kept after erasure (years)",
    "clients_kept_years": "Clients with no visit are purged after (years)",
    "stock_count_approval_over": "Stock count differences a manager approves, over",
    "smtp_host": "The email server", "smtp_port": "The email server's port",
    "smtp_security": "The email connection's security",
    "smtp_user": "The email server's user name", "smtp_password": "The email password",
    "smtp_from": "The address messages come from",
    "reminder_hours": "Reminders go this many hours before free cancelling ends",
    "commission_period": "The commission pay period",
    "commission_period_start": "The first day of a pay period",
}


def check_setting(name: str, value):
    """The value converted to the setting's type, or a refusal saying what is wrong."""
    if name not in SETTING_NAMES:
        raise InvalidInput(f"There is no setting called “{name}”.")
    label = LABELS[name]
    default = getattr(SalonSettings, name)
    if isinstance(default, bool):
        if isinstance(value, str):
            value = value.strip().lower()
            if value not in ("true", "false", "yes", "no", "1", "0"):
                raise InvalidInput(f"{label}: please answer yes or no.")
            value = value in ("true", "yes", "1")
        return bool(value)
    if isinstance(default, int):
        low, high = _RANGES.get(name, (0, MAX_AMOUNT))
        number = _whole_number(label, value)
        if not low <= number <= high:
            if name.endswith("_bp"):
                raise InvalidInput(f"{label} must be between {low // 100} % and {high // 100} %.")
            raise InvalidInput(f"{label} must be between {low} and {high}.")
        return number
    value = str(value) if name in SECRET_SETTINGS else str(value).strip()  # spaces count
    if name in _CHOICES and value not in _CHOICES[name]:
        raise InvalidInput(f"{label} must be one of: {', '.join(sorted(_CHOICES[name]))}.")
    if name == "currency_code":
        value = currency(value).code
    if name == "time_zone":
        zone(value)
    longest = MAX_NAME if name == "salon_name" else 500
    if len(value) > longest:
        raise InvalidInput(f"{label} is too long (at most {longest} characters).")
    if has_control_chars(value):
        raise InvalidInput(f"{label} contains characters that cannot be printed.")
    if name in _PRINTED:
        refuse_unprintable(value, label.removeprefix("The "))
    value = refuse_card_number(value, label[0].lower() + label[1:])
    if name in ("smtp_from", "salon_email"):
        return clean_email(value, label[0].lower() + label[1:])
    if name == "smtp_host" and value and not _HOST_NAME.fullmatch(value):
        raise InvalidInput(f"{label} is a name such as smtp.example.com (letters, digits "
                           "and hyphens between the dots), or an IP address.")
    if name == "tip_percents":
        return _tip_percents(label, value)
    if name == "commission_period_start":
        return check_period_start(value)
    return value


MAX_TIP_BUTTONS = 4


def _tip_percents(label: str, value: str) -> str:
    """"10 %, 15 %, 20 %" kept as "10 15 20": a few whole percentages, each 1–100."""
    words = value.replace(",", " ").replace("%", " ").split()
    if len(words) > MAX_TIP_BUTTONS or not all(
            re.fullmatch(r"[0-9]{1,3}", word) and 1 <= int(word) <= 100 for word in words):
        raise InvalidInput(f"{label}: type up to {MAX_TIP_BUTTONS} whole percentages "
                           "between 1 and 100, such as “10 15 20” (or none).")
    return " ".join(str(int(word)) for word in words)


def _whole_number(label: str, value) -> int:
    """An int, or digits typed as text; never a float silently cut down, nor a yes/no."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    # ASCII digits only: str.isdigit() also passes "²", which int() cannot read.
    if len(text) > 30 or not re.fullmatch(r"-?[0-9]+", text):
        raise InvalidInput(f"{label} must be a whole number.")
    return int(text)


def shown_setting(settings: SalonSettings, name: str) -> str:
    """A setting as a person reads it: money as money, rates in percent, yes or no, and a
    secret only as whether it is set."""
    value = getattr(settings, name)
    if name in SECRET_SETTINGS:
        return "(set)" if value else "(not set)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name in MONEY_SETTINGS:
        return settings.money(value)
    if name.endswith("_bp"):
        return f"{value / 100:g} %"
    return str(value)


def typed_setting(settings: SalonSettings, name: str, text: str):
    """What a person typed for a setting (as `shown_setting` writes it), checked and in the
    setting's type: "€10", "12.5 %", "yes"."""
    if name in MONEY_SETTINGS:
        return check_setting(name, settings.parse_money(text))
    if name.endswith("_bp") and name in SETTING_NAMES:
        found = re.fullmatch(r"\s*([0-9]{1,3})(?:[.,]([0-9]{1,2}))?\s*%?\s*", text)
        if not found:
            raise InvalidInput(f"{LABELS[name]}: type a percentage such as 20 or 12.5 %.")
        whole, decimals = found.groups()
        return check_setting(name, int(whole) * 100 + int((decimals or "0").ljust(2, "0")))
    return check_setting(name, text)


def check_consistent(settings: SalonSettings) -> None:
    """Refuse settings that contradict each other."""
    if settings.deposit_max and settings.deposit_min > settings.deposit_max:
        raise InvalidInput("The smallest deposit is larger than the largest deposit.")
    if settings.kept_deposit_taxable and not settings.kept_deposit_tax_rate_bp:
        raise InvalidInput("Kept deposits are taxed: please set the tax rate on them.")


def settings_from_rows(rows: dict[str, str]) -> SalonSettings:
    known = {k: json.loads(v) for k, v in rows.items() if k in SETTING_NAMES}
    return SalonSettings(**known)


def policy_text(settings: SalonSettings) -> str:
    """The deposit policy in the words a client reads on a receipt or slip."""
    hours = settings.cancellation_window_hours
    late = ("kept as a late-cancellation fee" if settings.late_cancel_keeps == "fee"
            else "kept as credit for your next visit")
    return (f"Deposits count towards your bill. Cancel at least {hours} hours ahead and it is "
            f"refunded (or kept as credit, as you prefer); later, it is {late}. If you do not "
            f"come within {settings.no_show_grace_minutes} minutes of your appointment, it is "
            "kept as a no-show fee.")
