"""A client's own data, a manager's window opened from the Clients page: hand it out for an
access request (a folder: PDF, JSON, photos and signatures), or erase it — saying first
what goes, what stays and why, and what stands in the way. Both run off the UI thread."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.retention import erased_after_erasure
from salon_pos.services.exchange.client_data import export_client_data
from salon_pos.services.operations.erasure import ErasurePlan, erase_client, erasure_plan
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


def _bullets(items) -> str:
    return "".join(f"<li>{item}</li>" for item in items)


def kept_text(plan: ErasurePlan) -> str:
    """What stays after the erasure and why, as rich text (the page says it of an erased
    client too)."""
    said = "<ul>" + _bullets(f"<b>{html.escape(kept.what)}.</b> {html.escape(kept.why)}"
                             for kept in plan.kept) + "</ul>"
    if plan.care_records_kept:
        said += (f"<p>This client's {plan.care_records_kept} patch test record(s) are kept "
                 f"until {plan.kept_until:%d %b %Y}.</p>")
    if plan.journal_mentions:
        said += ("<p>The journal's entries " + ", ".join(map(str, plan.journal_mentions))
                 + " name the client in a reason typed at the time; the journal cannot be "
                 "changed, so they stay.</p>")
    return said


def explanation(plan: ErasurePlan) -> str:
    """What erasing the client does (or did), what stays and why, and what stands in the
    way, as rich text."""
    said = ""
    if plan.refusals and plan.erased_at is None:  # first: why the button cannot be pressed
        said += ("<p style='color:#8a2d2d'><b>Not yet:</b></p><ul style='color:#8a2d2d'>"
                 + _bullets(map(html.escape, plan.refusals)) + "</ul>")
    if plan.erased_at is not None:
        said += "<p><b>This client's personal data is erased.</b> What stays, and why:</p>"
    else:
        said += ("<p>Erasing removes " + html.escape("; ".join(erased_after_erasure()))
                 + ".</p><p>What stays, and why:</p>")
    return said + kept_text(plan)


class ClientDataDialog(QDialog):
    def __init__(self, session: Session, client_id: int, approved_by: int, parent=None):
        super().__init__(parent)
        self.session = session
        self.client_id = client_id
        self.approved_by = approved_by
        self.erased = False  # the page shows the change when this closes
        self.busy = False
        self.last_folder: Path | None = None
        self.plan = erasure_plan(session.salon, client_id)
        self.setWindowTitle(f"{self.plan.name}'s data")
        self.resize(760, 660)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self._hand_out_box())
        layout.addWidget(self._erase_box())
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._set_enabled()

    def _hand_out_box(self) -> QGroupBox:
        box = QGroupBox("Hand out their data (an access request)")
        said = QLabel("Everything the salon holds about the client, in a folder: a PDF to "
                      "read, the same as JSON for a computer, and their photos and "
                      "signatures as files. The journal records that it was handed out.",
                      objectName="hint", wordWrap=True)
        self.save_button = QPushButton("Save their data in a folder…")
        self.save_button.setAccessibleName("Save their data in a folder")
        self.save_button.clicked.connect(self.save_data)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.save_button)
        layout = QVBoxLayout(box)
        layout.addWidget(said)
        layout.addLayout(row)
        return box

    def _erase_box(self) -> QGroupBox:
        plan = self.plan
        box = QGroupBox("Erase their personal data")
        layout = QVBoxLayout(box)
        # A document, not labels: it scrolls when long, where wrapped labels get clipped.
        self.explained = QTextBrowser()
        self.explained.setAccessibleName("What goes, what stays and why")
        self.explained.setMinimumHeight(280)
        self.explained.setHtml(explanation(plan))
        layout.addWidget(self.explained)
        self.sure = QCheckBox("The client asked for this. Erase it: it cannot be undone.")
        self.sure.toggled.connect(self._set_enabled)
        self.erase_button = QPushButton("Erase their personal data")
        self.erase_button.setAccessibleName("Erase their personal data")
        self.erase_button.clicked.connect(self.erase)
        row = QHBoxLayout()
        row.addWidget(self.sure, 1)
        row.addWidget(self.erase_button)
        layout.addLayout(row)
        for widget in (self.sure, self.erase_button):
            widget.setVisible(plan.erased_at is None)
        return box

    def _set_enabled(self) -> None:
        self.save_button.setEnabled(not self.busy)
        self.erase_button.setEnabled(not self.busy and self.plan.can_erase
                                     and self.sure.isChecked())

    def _run(self, doing: str, work, done) -> None:
        self.busy = True
        self._set_enabled()
        self.message.working(doing)

        def failed(error: DomainError) -> None:
            self.busy = False
            self._set_enabled()
            self.message.refuse(error.message)

        def finished(result) -> None:
            self.busy = False
            done(result)
            self._set_enabled()

        self.session.tasks.run_in_background(work, finished, failed)

    def choose_folder(self) -> Path | None:
        start = self.session.salon.data_dir / "exports"
        start.mkdir(parents=True, exist_ok=True)
        chosen = QFileDialog.getExistingDirectory(self, "Where to save the client's data",
                                                  str(start))
        return Path(chosen) / f"client-{self.client_id}" if chosen else None

    def save_data(self) -> None:
        folder = self.choose_folder()
        if folder is None:
            return
        salon, client_id, by = self.session.salon, self.client_id, self.approved_by

        def saved(out) -> None:
            self.last_folder = folder
            self.message.done(f"Saved in {folder}: {out.pdf.name} to read, {out.json.name} "
                              f"for a computer, and {out.files} photo and signature file(s).")

        self._run("Writing the client's data…", lambda: export_client_data(
            salon, client_id, folder, approved_by=by), saved)

    def erase(self) -> None:
        salon, client_id, by = self.session.salon, self.client_id, self.approved_by

        def erased(done) -> None:
            self.erased = True
            self.plan = erasure_plan(salon, client_id)
            self.explained.setHtml(explanation(self.plan))
            self.sure.setVisible(False)
            self.erase_button.setVisible(False)
            left = (f" These photos could not be deleted; delete them by hand: "
                    f"{', '.join(done.files_left)}." if done.files_left else "")
            self.message.done(f"Erased: the client is now “{self.plan.name}”.{left}")

        self._run("Erasing…", lambda: erase_client(salon, client_id, approved_by=by), erased)

    def reject(self) -> None:
        if not self.busy:  # the work finishes either way, and the page must hear of it
            super().reject()
