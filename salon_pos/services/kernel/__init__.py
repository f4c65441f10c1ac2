"""What every operation stands on: the salon it runs in and its write transaction
(`context`), the journal (`ledger`) and what it says is held (`balances`), finding records
(`lookup`), who may do what (`access`), a manager's approvals (`approvals`) and request
keys that make a retry harmless (`idempotency`)."""
