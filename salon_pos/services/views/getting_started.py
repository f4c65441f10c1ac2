"""How far a new salon has come towards its first booking: a tax rate, stylists and
services come first. The day book says what is missing; the guided start resumes there."""

from __future__ import annotations

from dataclasses import dataclass

from salon_pos.services.kernel.access import Role
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Booking, Service, Staff, TaxClass

TAX, STYLISTS, SERVICES = "tax", "stylists", "services"


@dataclass(frozen=True)
class SetUpSoFar:
    has_tax_class: bool
    has_stylists: bool
    has_services: bool
    has_bookings: bool

    @property
    def missing(self) -> tuple[str, ...]:
        """What is still needed before a booking can be made, in the order it is set up
        (a service needs a tax class)."""
        return tuple(step for step, done in ((TAX, self.has_tax_class or self.has_services),
                                             (STYLISTS, self.has_stylists),
                                             (SERVICES, self.has_services)) if not done)


def set_up_so_far(salon: Salon) -> SetUpSoFar:
    return SetUpSoFar(
        has_tax_class=TaxClass.select().exists(),
        has_stylists=Staff.select().where(Staff.active & (Staff.role == Role.STYLIST)).exists(),
        has_services=Service.select().where(Service.active).exists(),
        has_bookings=Booking.select().exists(),
    )
