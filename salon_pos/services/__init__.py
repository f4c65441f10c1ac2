"""Use cases: each operation is one transaction that checks first and refuses with a
`DomainError` carrying a human message, having changed nothing. Only services write."""
