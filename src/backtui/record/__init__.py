"""The record as a whole: export, import and its schema, the report, demo data."""
