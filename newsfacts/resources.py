"""The package's data, found through one loader: the warehouse schema (``sql/``), the quality
suites (``expectations/``), and the reference tables and seed articles (``seeds/``).

They live at the repository's top level and ship inside the package (``newsfacts/sql`` and
the others point at them), so an installed wheel carries them too.

>>> (data_dir("sql") / "views" / "order.txt").is_file()
True
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

KINDS = ("sql", "expectations", "seeds")


def data_dir(kind: str) -> Path:
    """The folder of one kind of package data."""
    if kind not in KINDS:
        raise ValueError(f"no package data {kind!r}; the kinds are {', '.join(KINDS)}")
    return Path(str(files("newsfacts"))) / kind
