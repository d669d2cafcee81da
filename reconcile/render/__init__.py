"""Renderers, one per output format."""

from .base import Renderer, sorted_findings
from .json import JsonRenderer, report_json

__all__ = ["JsonRenderer", "Renderer", "report_json", "sorted_findings"]
