"""The packaged app's smoke test (`SALON_POS_SMOKE_TEST=1`, run by .ci/package): once the
first window has been painted, say so on standard output and quit, so a build can be
checked to start as far as a window without anyone at the screen."""

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.isWindow()):
            QApplication.instance().removeEventFilter(self)
            print(f"smoke test: painted “{watched.windowTitle()}”", flush=True)
            # Every event loop ends (a dialog's exec() too): the app closes as if cancelled.
            QTimer.singleShot(0, QApplication.exit)
        return False


def quit_after_first_window(app: QApplication) -> None:
    app._smoke_test = watcher = _FirstPaint(app)  # kept alive as long as the app
    app.installEventFilter(watcher)
