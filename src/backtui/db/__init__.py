"""Storage: the Peewee models, numbered migrations, opening and backups, settings."""
