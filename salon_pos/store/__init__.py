"""Storage: peewee models, opening the database (SQLite or PostgreSQL), schema and reads."""
