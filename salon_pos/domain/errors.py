"""Domain errors: every refusal carries a message a receptionist understands."""


class DomainError(Exception):
    """An operation was refused; nothing was changed. `str(error)` is the human message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The record the operation names does not exist."""


class NotAllowed(DomainError):
    """The person doing the operation may not do it (e.g. a manager is needed)."""


class InvalidInput(DomainError):
    """What was typed cannot be used as it is."""


class InvalidTransition(DomainError):
    """The booking or sale is not in a state that allows this step."""


class Clash(InvalidInput):
    """A stylist would have two bookings at once; the desk may double-book on purpose."""
