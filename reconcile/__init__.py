"""reconcile: who claims what about which incident, and where the accounts agree or contradict."""

from importlib.metadata import PackageNotFoundError, version

from .errors import DataError, ReconcileError, SourceError
from .models import Claim, Finding, FindingKind, Incident, Report, Source
from .pipeline import Config, run

try:
    __version__ = version("reconcile")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Claim", "Config", "DataError", "Finding", "FindingKind", "Incident", "ReconcileError", "Report",
    "Source", "SourceError", "__version__", "run",
]
