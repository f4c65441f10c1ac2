"""The desktop app (PySide6): the only package that imports Qt. A thin layer over the
services: every action is one operation call; screens re-read what they show."""
