"""The salon's work: one module per area (bookings, deposits, checkout, refunds, the cash
drawer, day close, staff, the salon's settings, the catalogue, clients, expectation
notes). Each public function is one operation: one transaction that checks first and
refuses with a human message, having changed nothing."""
