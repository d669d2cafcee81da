"""Renderers, one per output format."""

from .base import Renderer, sorted_findings
from .json import ClaimsJsonRenderer, JsonRenderer, report_json

__all__ = ["ClaimsJsonRenderer", "JsonRenderer", "Renderer", "report_json", "sorted_findings"]
