"""The salon's deposit policy in the words a client reads on a slip or receipt."""

from salon_pos.services.settings import SalonSettings


def policy_text(settings: SalonSettings) -> str:
    """The deposit policy in the words a client reads on a receipt or slip."""
    hours = settings.cancellation_window_hours
    late = ("kept as a late-cancellation fee" if settings.late_cancel_keeps == "fee"
            else "kept as credit for your next visit")
    return (f"Deposits count towards your bill. Cancel at least {hours} hours ahead and it is "
            f"refunded (or kept as credit, as you prefer); later, it is {late}. If you do not "
            f"come within {settings.no_show_grace_minutes} minutes of your appointment, it is "
            "kept as a no-show fee.")
