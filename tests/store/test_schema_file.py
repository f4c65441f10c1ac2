"""The new database's statements shipped in resources/schema.sql, which every start
compares the database with, are the ones the models and the journal's guards make."""

from salon_pos.store import schema


def test_the_shipped_schema_is_what_the_models_make():
    assert schema.SCHEMA_FILE.read_text(encoding="utf-8") == schema.new_database_statements(), (
        "resources/schema.sql is out of date: run `python -m salon_pos.store.schema`")
