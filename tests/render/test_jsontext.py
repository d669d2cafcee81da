"""The fast JSON writer writes what the standard library writes, for any data."""

from __future__ import annotations

import json

import pytest

from reconcile.render.jsontext import indented

CASES = [
    {"quote": "a\x00b\x1f\x7f\t\n\r\b\f\"\\/ \u2028 é 🚀 \u202e", "empty": [], "none": {}, "nested": [[{}], [[]]]},
    {"numbers": [0, -1, 2.5, -0.0, 0.1, 12.0, 0.001, 123456789012, 1e15], "flags": [True, False, None]},
    {"lone surrogate": "\ud800"},  # orjson refuses it; the standard library writes it
    {"beyond 64 bits": 2**70},
    [], {}, "text", 3,
]


@pytest.mark.parametrize("data", CASES)
def test_same_text_as_the_standard_library(data):
    assert indented(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
