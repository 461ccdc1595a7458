"""Keep Hypothesis's failure reports readable under ``filterwarnings = error``.

When a test fails, Hypothesis's pytest plugin builds a patch of the failing example with
``libcst`` (when installed), whose import warns (``DeprecationWarning`` from ``mypy_extensions``);
turned into an error, that hides the failure behind an internal error. Import it once here with
the warning silenced.
"""

from __future__ import annotations

import contextlib
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401
