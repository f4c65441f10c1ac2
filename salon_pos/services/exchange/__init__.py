"""The salon's data in and out: the books for the accountant, calendars, client lists,
backups and the way back from a damaged database."""
