"""Settings, "Catalogue" tab: a tab each for the services (withdrawn ones too), the retail
products, the prepaid course plans, the gift voucher designs, the consultation forms (one
per kind of service) and the tax classes — each list with Add and Edit, and the whole page
to be read at 1366×768."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from salon_pos.domain.sale_math import rate_label
from salon_pos.services.views import catalogue
from salon_pos.services.views.consultations import forms as consultation_forms
from salon_pos.services.views.courses import course_plans
from salon_pos.services.views.vouchers import voucher_designs
from salon_pos.ui.dialogs.catalogue_edit import (
    DEPOSIT_RULE_LABELS,
    ProductDialog,
    ServiceDialog,
    TaxClassDialog,
)
from salon_pos.ui.dialogs.consultation_form import ConsultationFormDialog
from salon_pos.ui.dialogs.courses import CoursePlanDialog
from salon_pos.ui.dialogs.voucher_designs import VoucherDesignDialog
from salon_pos.ui.pages.settings_list import ListSection, ListsTab
from salon_pos.ui.session import Session


def yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


class CatalogueTab(ListsTab):
    def __init__(self, session: Session, parent=None):
        super().__init__(session, parent)
        self.services = ListSection(
            "Services", ("Name", "Category", "Duration", "Price", "Tax class", "Deposit",
                         "Consultation", "Patch test", "Active"), right_aligned=(2, 3))
        self.services.add_button("Add service…", self.add_service)
        self.services.add_button("Edit…", self.edit_service)
        self.services.on_activated(self.edit_service)
        self.products = ListSection("Products", ("Name", "SKU", "Price", "Tax class", "Active"),
                                    right_aligned=(1, 2))
        self.products.add_button("Add product…", self.add_product)
        self.products.add_button("Edit…", self.edit_product)
        self.products.on_activated(self.edit_product)
        self.tax_classes = ListSection("Tax classes", ("Name", "Rate"), right_aligned=(1,))
        self.tax_classes.add_button("Add tax class…", self.add_tax_class)
        self.plans = ListSection("Course plans", ("Name", "Sessions", "Price", "Sold"),
                                 right_aligned=(1, 2))
        self.plans.add_button("Add course plan…", self.add_plan)
        self.plans.add_button("Edit…", self.edit_plan)
        self.plans.on_activated(self.edit_plan)
        self.designs = ListSection("Voucher designs", ("Name", "Value", "For", "Sold"),
                                   right_aligned=(1,))
        self.designs.add_button("Add voucher design…", self.add_design)
        self.designs.add_button("Edit…", self.edit_design)
        self.designs.on_activated(self.edit_design)
        self.forms = ListSection("Consultation forms", ("Kind of service", "Questions"),
                                 right_aligned=(1,))
        self.forms.add_button("Edit the form…", self.edit_form)
        self.forms.on_activated(self.edit_form)
        self.lists = QTabWidget()
        for section in (self.services, self.products, self.plans, self.designs,
                        self.forms, self.tax_classes):
            self.lists.addTab(section, section.title())
            section.setTitle("")  # the tab says it
            section.setFlat(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lists, 1)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        money = self.session.salon.settings().money
        self.services.show_items(catalogue.list_services_all(self.session.salon), lambda s: (
            s["name"], s["category"], f"{s['minutes']} min", money(s["price"]), s["tax_class"],
            DEPOSIT_RULE_LABELS[s["deposit_rule"]], yes_no(s["needs_consultation"]),
            yes_no(s["needs_patch_test"]), yes_no(s["active"])))
        self.products.show_items(catalogue.list_products_all(self.session.salon), lambda p: (
            p["name"], p["sku"], money(p["price"]), p["tax_class"], yes_no(p["active"])))
        self.tax_classes.show_items(catalogue.list_tax_classes(self.session.salon), lambda t: (
            t["name"], rate_label(t["rate_bp"])))
        self.plans.show_items(course_plans(self.session.salon), lambda p: (
            p.name, str(p.sessions), money(p.price), yes_no(p.active)))
        self.designs.show_items(voucher_designs(self.session.salon), lambda d: (
            d.name, money(d.amount), d.service or "any purchase", yes_no(d.active)))
        self.forms.show_items([{"category": category, "questions": count} for category, count
                               in consultation_forms(self.session.salon).items()], lambda f: (
            f["category"], str(f["questions"]) if f["questions"] else "no form"))

    def _categories(self) -> list[str]:
        return [s["category"] for s in self.services.items if s["category"]]

    def add_service(self) -> None:
        self.open_dialog(ServiceDialog(self.session, None, self._categories(), self))

    def edit_service(self) -> None:
        if service := self.chosen(self.services):
            self.open_dialog(ServiceDialog(self.session, service, self._categories(), self))

    def add_product(self) -> None:
        self.open_dialog(ProductDialog(self.session, None, self))

    def edit_product(self) -> None:
        if product := self.chosen(self.products):
            self.open_dialog(ProductDialog(self.session, product, self))

    def add_tax_class(self) -> None:
        self.open_dialog(TaxClassDialog(self.session, self))

    def add_plan(self) -> None:
        self.open_dialog(CoursePlanDialog(self.session, None, self))

    def edit_plan(self) -> None:
        if plan := self.chosen(self.plans):
            self.open_dialog(CoursePlanDialog(self.session, plan, self))

    def add_design(self) -> None:
        self.open_dialog(VoucherDesignDialog(self.session, None, self))

    def edit_design(self) -> None:
        if design := self.chosen(self.designs):
            self.open_dialog(VoucherDesignDialog(self.session, design, self))

    def edit_form(self) -> None:
        if chosen := self.chosen(self.forms):
            self.open_dialog(ConsultationFormDialog(self.session, chosen["category"], self))
