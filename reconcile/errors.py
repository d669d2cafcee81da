"""Errors the library raises; the CLI turns each into a one-line message and exit status 2."""

from __future__ import annotations

from pathlib import Path


class ReconcileError(Exception):
    """Input reconcile cannot work with, located at a file and line where known."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self):
        # Keep the file and line when the error crosses from a worker process (reconcile.parallel)
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class SourceError(ReconcileError):
    """A source file cannot be read or its front matter is invalid"""


class DataError(ReconcileError):
    """claims.toml or a data table is malformed"""


class OutputError(ReconcileError):
    """An output file cannot be written without destroying what is there"""
