"""The schema: tables as numbered, append-only migrations of ``sql/``; views as one file each in
``sql/views/``, re-created when they change."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsfacts.resources import data_dir
from newsfacts.warehouse.connection import connect, transaction

SQL_DIR = data_dir("sql")
_MIGRATION = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def _checksum(sql: str) -> str:
    """What a schema file is recorded by: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(sql.encode()).hexdigest()[:16]


class MigrationError(RuntimeError):
    """The warehouse's recorded schema does not match the files in ``sql/``."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return _checksum(self.sql)


def migrations(sql_dir: Path = SQL_DIR) -> list[Migration]:
    """The numbered schema files, in order; a gap or a duplicate number is an error."""
    found: list[Migration] = []
    for path in sorted(sql_dir.glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: schema files are named NNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"schema files must be numbered 001, 002, ... without gaps: {versions}")
    return found


@dataclass(frozen=True, slots=True)
class View:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return _checksum(self.sql)


def views(sql_dir: Path = SQL_DIR) -> list[View]:
    """The views of ``sql/views/``, one file each, in the order ``sql/views/order.txt`` declares.

    A file missing from the order, or an ordered name without its file, is an error.
    """
    folder = sql_dir / "views"
    if not folder.is_dir():
        return []
    lines = (folder / "order.txt").read_text(encoding="utf-8").splitlines()
    order = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    files = {p.stem for p in folder.glob("*.sql")}
    if set(order) != files or len(order) != len(files):
        raise MigrationError(
            f"sql/views/order.txt must name every view file once: unlisted {sorted(files - set(order))},"
            f" without a file {sorted(set(order) - files)}"
        )
    return [View(name, (folder / f"{name}.sql").read_text(encoding="utf-8")) for name in order]


def _legacy_checksums(sql_dir: Path) -> dict[str, str]:
    """Checksums of migration files as first applied, before their views moved to sql/views/."""
    path = sql_dir / "legacy_checksums.csv"
    lines = path.read_text(encoding="utf-8").splitlines()[1:] if path.exists() else []
    return dict(line.split(",", 1) for line in lines if line)


def migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply the schema files not yet applied, each in its own transaction, then (re)create the
    views of ``sql/views/`` when any of them or the tables changed; returns the files applied.

    With ``upto``, only the migrations up to that number are applied and the views are left."""
    con.execute(
        "create table if not exists schema_migrations (version integer primary key, name varchar not null,"
        " checksum varchar not null, applied_at timestamp not null default current_timestamp)"
    )
    con.execute(
        "comment on table schema_migrations is 'One row per schema file from sql/ applied to this warehouse.'"
    )
    con.execute(
        "create table if not exists schema_views (position integer primary key, name varchar not null,"
        " checksum varchar not null)"
    )
    con.execute("comment on table schema_views is 'One row per view of sql/views/ as last created, in order.'")
    applied = {v: c for v, c in con.execute("select version, checksum from schema_migrations").fetchall()}
    legacy = _legacy_checksums(sql_dir)
    pending: list[Migration] = []
    for migration in migrations(sql_dir):
        if upto is not None and migration.version > upto:
            break
        file = f"{migration.version:03d}_{migration.name}.sql"
        if migration.version not in applied:
            pending.append(migration)
        elif applied[migration.version] not in (migration.checksum, legacy.get(file)):
            raise MigrationError(
                f"sql/{file} changed after it was applied; add a new numbered file instead of editing an applied one"
            )
    wanted = [] if upto is not None else views(sql_dir)
    if not pending and (upto is not None or _views_state(con) == [(v.name, v.checksum) for v in wanted]):
        return []
    with transaction(con):
        for (name,) in con.execute("select view_name from duckdb_views() where not internal").fetchall():
            con.execute(f'drop view if exists "{name}"')
        for migration in pending:
            con.execute(migration.sql)
            con.execute(
                "insert into schema_migrations (version, name, checksum) values (?, ?, ?)",
                [migration.version, migration.name, migration.checksum],
            )
        for view in wanted:
            con.execute(view.sql)
        if upto is None:
            con.execute("delete from schema_views")
        if wanted:
            con.executemany(
                "insert into schema_views values (?, ?, ?)",
                [[i, v.name, v.checksum] for i, v in enumerate(wanted)],
            )
    return [f"{m.version:03d}_{m.name}" for m in pending]


def _views_state(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [tuple(r) for r in con.execute("select name, checksum from schema_views order by position").fetchall()]


def open_warehouse(db: Path | str, *, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open for writing, creating or upgrading the schema as needed."""
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    con = connect(db, retries=wait)
    migrate(con)
    return con
