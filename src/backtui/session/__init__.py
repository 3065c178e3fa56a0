"""The live session: its pure flow, how it starts, and its sets in the database."""
