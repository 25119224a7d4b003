"""The one exception of the importer: a file that cannot be imported as a whole."""


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""
