"""Where a run writes besides its warehouse, and how readers know those files are not input.

The quality report of ``corpus.duckdb`` goes to ``corpus-report/`` beside it, so two
warehouses never share one report and nothing is written into an input folder. Every folder
newsfacts writes holds :data:`MARKER`; readers pass over such folders and warehouse files.

>>> report_dir_for("data/corpus.duckdb").as_posix()
'data/corpus-report'
>>> is_own_output(Path("x/corpus.duckdb.wal"))
True
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".newsfacts-output"
_WAREHOUSE_SUFFIXES = (".duckdb", ".duckdb.wal", ".duckdb.lock")


def report_dir_for(db: Path | str) -> Path:
    """The default report folder of a warehouse: ``<name>-report`` beside it."""
    path = Path(db)
    return path.with_name(f"{path.name.removesuffix('.duckdb')}-report")


def mark_output(folder: Path) -> None:
    """Mark a folder newsfacts writes, so that no reader takes its files for articles."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("written by newsfacts; readers skip this folder\n", encoding="utf-8")


def is_own_output(path: Path) -> bool:
    """A warehouse file, or a file inside a folder newsfacts writes."""
    if path.name.endswith(_WAREHOUSE_SUFFIXES):
        return True
    return any((parent / MARKER).is_file() for parent in path.parents)
