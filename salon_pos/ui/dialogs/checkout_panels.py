"""The panels of the checkout screen that show the open ticket: the totals, a tip field per
stylist with the salon's tip buttons, and the agreement with the client's sign-off. They
show a `SaleView` and expose their fields and buttons; the checkout dialog runs the
operations."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
)

from salon_pos.domain.sale_math import rate_label
from salon_pos.services.views.sale import SaleView

TYPING_PAUSE_MS = 500  # a tip counts once the typing rests this long (or on Enter)


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)
    return button


class TotalsPanel(QGroupBox):
    """The bill from the lines down to the change: every figure the desk is asked about."""

    def __init__(self, parent=None):
        super().__init__("Totals", parent)
        self.form = QFormLayout(self)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.figures: dict[str, QLabel] = {}

    def show_view(self, view: SaleView) -> None:
        money = view.money
        included = view.settings.prices_include_tax
        names = {line.tax_rate_bp: line.tax_name for line in view.lines}
        rows = [("Subtotal", money(view.subtotal)),
                ("Discounts", money(-view.discount_total))]
        for rate in view.totals.by_rate:
            name, rate_text = names.get(rate.rate_bp, "Tax"), rate_label(rate.rate_bp)
            label = name if rate_text in name else f"{name} {rate_text}"  # "VAT 23% 23%" no
            rows.append((f"{label} (included)" if included else label, money(rate.tax)))
        rows += [("Total", money(view.totals.total)),
                 ("Tips", money(view.tip_total)),
                 ("<b>To pay</b>", f"<b>{money(view.due)}</b>"),
                 # What is paid already: amounts handed over, never written as negatives.
                 ("Deposit applied", money(view.deposit_applied)),
                 ("Taken", money(view.taken)),
                 ("<b>Left to pay</b>", f"<b>{money(view.remaining)}</b>")]
        if view.settings.cash_rounding_increment > 1:
            rows.append(("Left, in cash (rounded)", money(view.cash_to_pay)))
        rows.append(("<b>Change due</b>", f"<b>{money(view.change_due)}</b>"))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.figures = {}
        for label, value in rows:
            figure = QLabel(value)
            figure.setAlignment(Qt.AlignmentFlag.AlignRight)
            plain = label.replace("<b>", "").replace("</b>", "")
            figure.setAccessibleName(plain)
            self.figures[plain] = figure
            self.form.addRow(QLabel(label), figure)


class TipsPanel(QGroupBox):
    """One tip field per stylist who worked on the ticket (a blank field is no tip), and a
    button per tip percentage in the settings, which fills each stylist's field with that
    share of their own lines. A tip being typed stays as typed when the ticket is shown
    again; the dialog saves it as soon as the typing pauses (`typed`)."""

    typed = Signal()  # a tip field was edited and has rested
    percent_chosen = Signal(int)

    def __init__(self, percents: tuple[int, ...], parent=None):
        super().__init__("Tips", parent)
        self.form = QFormLayout()
        self.fields: dict[int, QLineEdit] = {}
        self.pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.typed)
        self.percent_buttons: dict[int, QPushButton] = {}
        buttons = QHBoxLayout()
        for percent in percents:
            button = _button(f"{percent} %", f"Tip {percent} %")
            button.setToolTip(f"A tip of {percent} % of each stylist's work")
            button.clicked.connect(lambda _=False, p=percent: self.percent_chosen.emit(p))
            self.percent_buttons[percent] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)

    def show_view(self, view: SaleView) -> None:
        stylists = dict.fromkeys((line.stylist_id, line.stylist) for line in view.lines
                                 if line.stylist_id is not None)
        tips = {stylist_id: amount for stylist_id, _, amount in view.tips}
        typed = {stylist_id: field.text() for stylist_id, field in self.fields.items()
                 if field.isModified()}
        if [sid for sid, _ in stylists] != list(self.fields):
            while self.form.rowCount():
                self.form.removeRow(0)
            self.fields = {}
            for stylist_id, name in stylists:
                field = QLineEdit()
                field.setPlaceholderText(view.money(0))
                field.setAccessibleName(f"Tip for {name}")
                field.textEdited.connect(self.pause.start)
                field.editingFinished.connect(self._finished)
                self.fields[stylist_id] = field
                self.form.addRow(f"Tip for {name}", field)
        for stylist_id, field in self.fields.items():
            if stylist_id in typed:
                field.setText(typed[stylist_id])
                field.setModified(True)  # still to be saved
            elif not field.hasFocus():  # the person may still be typing in it
                amount = tips.get(stylist_id, 0)
                field.setText(view.money(amount) if amount else "")
        for percent, button in self.percent_buttons.items():
            button.setEnabled(bool(self.fields))
            total = sum(self._shares(view, percent).values())
            button.setText(f"{percent} % · {view.money(total)}")

    def _shares(self, view: SaleView, percent: int) -> dict[int, int]:
        """`percent` of each stylist's own lines, rounded to the nearest minor unit."""
        return {stylist_id: (sum(line.gross for line in view.lines
                                 if line.stylist_id == stylist_id) * percent + 50) // 100
                for stylist_id in self.fields}

    def fill_percent(self, view: SaleView, percent: int) -> None:
        """Each stylist's field holds their share, to be saved."""
        for stylist_id, amount in self._shares(view, percent).items():
            self.fields[stylist_id].setText(view.money(amount))
            self.fields[stylist_id].setModified(True)

    def _finished(self) -> None:
        """Enter, or leaving the field: no need to wait for the pause."""
        if self.pause.isActive():
            self.pause.stop()
            self.typed.emit()

    def mark_saved(self) -> None:
        """The fields now hold the sale's tips: the next showing writes them as stored."""
        self.pause.stop()
        for field in self.fields.values():
            field.setModified(False)


class SignoffPanel(QGroupBox):
    """The agreement shown again, and the client's answer: it matches, or what differs and
    what was done about it (a price adjustment is a discount with reason "satisfaction")."""

    def __init__(self, parent=None):
        super().__init__("What we agreed — does the result match?", parent)
        self.agreement = QTextBrowser()
        self.agreement.setAccessibleName("What we agreed")
        self.agreement.setMaximumHeight(80)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.matches = QRadioButton("&Yes, it matches")
        self.matches.setAccessibleName("The result matches what we agreed")
        self.differs = QRadioButton("No, it &differs")
        self.differs.setAccessibleName("The result differs from what we agreed")
        self.adjust_button = _button("Adjust price…", "Adjust the price for satisfaction")
        self.record_button = _button("&Record answer", "Record the client's answer")
        answer = QButtonGroup(self)
        answers = QHBoxLayout()
        for button in (self.matches, self.differs):
            answer.addButton(button)
            answers.addWidget(button)
        answers.addStretch(1)
        answers.addWidget(self.record_button)
        self.differences = QLineEdit()
        self.differences.setPlaceholderText("what differs, in the client's words")
        self.differences.setAccessibleName("What differs")
        self.action = QLineEdit()
        self.action.setPlaceholderText("what we did about it, e.g. 10 % off, free toner")
        self.action.setAccessibleName("What we did about it")
        form = QFormLayout()
        form.addRow("What differs", self.differences)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action, 1)
        action_row.addWidget(self.adjust_button)
        form.addRow("What we did", action_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.agreement)
        layout.addWidget(self.status)
        layout.addLayout(answers)
        layout.addLayout(form)
        layout.addStretch(1)
        self.differs.toggled.connect(self._show_answer)
        self._show_answer()

    def _show_answer(self) -> None:
        differs = self.differs.isChecked()
        for widget in (self.differences, self.action, self.adjust_button):
            widget.setEnabled(differs)

    def show_view(self, view: SaleView) -> None:
        notes = [note for note in view.notes if note.acknowledged]
        self.setVisible(bool(notes))
        self.agreement.setHtml("<hr>".join(
            f"<b>Expected:</b> {escape(n.expected_result)}<br>"
            f"<b>Limits and risks:</b> {escape(n.limits_and_risks) or '—'}<br>"
            f"<b>Price range:</b> {view.money(n.price_min)} – {view.money(n.price_max)}"
            + (f"<br><b>Outcome:</b> {escape(n.outcome)}" if n.outcome else "")
            for n in notes))
        if view.signoff_matches is None:
            self.status.setText("Ask the client, then record the answer before payment.")
            self.status.setObjectName("message")
        else:
            self.status.setText("Recorded: the result matches what we agreed."
                                if view.signoff_matches else
                                "Recorded: the result differs (see the sale's record).")
            self.status.setObjectName("hint")
        self.status.style().polish(self.status)  # the colour follows the object name
