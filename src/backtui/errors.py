"""The base of errors a person can act on: the CLI prints their one-line message, no traceback."""


class BacktuiError(Exception):
    """A problem with the person's files or data, explained in one line."""


class StorageError(BacktuiError):
    """A database problem the person can act on; the message is one line and names the file."""
