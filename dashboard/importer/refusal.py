"""FileRefused: a file that cannot be imported at all, raised by the readers, the XLSX guard and the pipeline."""


class FileRefused(Exception):
    """The whole file cannot be read; str(exc) says why, for the person who sent it."""
