"""Flashpoint: news in, PLOVER/CAMEO/ACLED-coded political events out.

Import is cheap: heavy libraries (spaCy, DuckDB) load only when used.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
