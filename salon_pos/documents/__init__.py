"""Printed documents as PDF (reportlab), made from plain records handed in: receipts,
slips, the agreement record and the Z report. Nothing here queries the database."""
