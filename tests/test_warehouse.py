"""The warehouse: migrations, comments, transactional and idempotent batch loads."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from newsfacts import warehouse
from newsfacts.model import Document, Reject


def doc(text: str, published: datetime | None = datetime(2025, 7, 17)) -> Document:
    return Document(text=text, title=None, url=None, source="test", published_at=published, input="t", record="1")


def test_migrations_apply_in_order_and_are_recorded(fresh_db: Path) -> None:
    con = warehouse.open_warehouse(fresh_db)
    versions = [r[0] for r in con.execute("select version from schema_migrations order by 1").fetchall()]
    assert versions == list(range(1, len(warehouse.migrations()) + 1))
    assert warehouse.migrate(con) == []  # nothing left to apply


def test_every_table_and_view_has_a_comment(fresh_db: Path) -> None:
    con = warehouse.open_warehouse(fresh_db)
    missing = con.execute(
        "select table_name from duckdb_tables() where comment is null or comment = ''"
        " union all select view_name from duckdb_views() where not internal and (comment is null or comment = '')"
    ).fetchall()
    assert missing == []


def test_upgrade_in_place_keeps_data(fresh_db: Path) -> None:
    con = warehouse.connect(fresh_db)
    warehouse.migrate(con, upto=1)
    warehouse.load_batch(con, "r1", [doc("Harbor Bank bought 245 BTC.")], [])
    applied = warehouse.migrate(con)
    assert len(applied) == len(warehouse.migrations()) - 1
    assert con.execute("select count(*) from documents").fetchall() == [(1,)]


def test_an_edited_applied_migration_is_an_error(fresh_db: Path, tmp_path: Path) -> None:
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    (sql_dir / "001_a.sql").write_text("create table a (x int); comment on table a is 'a row';")
    con = warehouse.connect(fresh_db)
    warehouse.migrate(con, sql_dir=sql_dir)
    (sql_dir / "001_a.sql").write_text("create table a (x int, y int);")
    with pytest.raises(warehouse.MigrationError, match="changed after it was applied"):
        warehouse.migrate(con, sql_dir=sql_dir)


def test_duplicates_within_and_across_batches(fresh_db: Path) -> None:
    con = warehouse.open_warehouse(fresh_db)
    a, b = doc("Alpha bought 10 BTC."), doc("Beta sold 5 ETH.")
    first = warehouse.load_batch(con, "r1", [a, b, a], [Reject("in", "line 9", "empty_body", "no body")])
    assert (first.loaded, first.duplicates, first.rejected, first.read) == (2, 1, 1, 4)
    again = warehouse.load_batch(con, "r2", [a, b], [Reject("in", "line 9", "empty_body", "no body")])
    assert (again.loaded, again.duplicates, again.rejected) == (0, 2, 1)
    assert con.execute("select count(*) from documents").fetchall() == [(2,)]
    assert con.execute("select count(*), min(run_id) from rejects").fetchall() == [(1, "r1")]


def test_a_failing_batch_leaves_nothing_behind(fresh_db: Path) -> None:
    con = warehouse.open_warehouse(fresh_db)
    a = doc("Gamma bought 1 BTC.")
    bad_facts = {"raw_nonexistent": [{"doc_id": a.doc_id}]}
    with pytest.raises(duckdb.Error):
        warehouse.load_batch(con, "r1", [a], [], bad_facts)
    assert con.execute("select count(*) from documents").fetchall() == [(0,)]
    with pytest.raises(ValueError, match="raw_"):
        warehouse.load_batch(con, "r1", [a], [], {"documents": [{"doc_id": a.doc_id}]})
    assert con.execute("select count(*) from documents").fetchall() == [(0,)]


def test_undated_documents_are_counted(fresh_db: Path) -> None:
    con = warehouse.open_warehouse(fresh_db)
    counts = warehouse.load_batch(con, "r1", [doc("No date here.", None), doc("Dated.")], [])
    assert counts.undated == 1


def test_read_only_connection_refuses_changes(fresh_db: Path, tmp_path: Path) -> None:
    warehouse.open_warehouse(fresh_db).close()
    con = warehouse.open_read_only(fresh_db)
    for statement in (
        "insert into documents (doc_id, content_hash, text, input, record, run_id) values ('x','x','x','x','x','x')",
        "drop table documents",
        f"copy documents to '{tmp_path / 'out.csv'}'",
        f"attach '{tmp_path / 'other.duckdb'}' as other",
        "pragma enable_profiling",
        "set enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            con.execute(statement)
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_every_view_is_defined_once_in_its_own_file_and_none_in_a_migration() -> None:
    names = [v.name for v in warehouse.views()]
    assert len(names) == len(set(names)) and "events" in names and "dq_conflicts" in names
    for migration in warehouse.migrations():
        assert re.search(r"create\s+(or\s+replace\s+)?view", migration.sql, re.I) is None, migration.name
    for view in warehouse.views():
        assert re.search(rf"create or replace view {view.name} as", view.sql), view.name
        assert f"comment on view {view.name} is" in view.sql, view.name


def test_an_edited_view_file_is_recreated_on_the_next_open(fresh_db: Path, tmp_path: Path) -> None:
    sql_dir = tmp_path / "sql"
    (sql_dir / "views").mkdir(parents=True)
    (sql_dir / "001_a.sql").write_text("create table a (x int); insert into a values (1), (2);")
    (sql_dir / "views" / "order.txt").write_text("# order\nbig\n")
    (sql_dir / "views" / "big.sql").write_text("create or replace view big as select x from a where x > 1;")
    con = warehouse.connect(fresh_db)
    assert warehouse.migrate(con, sql_dir=sql_dir) == ["001_a"]
    assert con.execute("select count(*) from big").fetchall() == [(1,)]
    (sql_dir / "views" / "big.sql").write_text("create or replace view big as select x from a where x > 0;")
    assert warehouse.migrate(con, sql_dir=sql_dir) == []
    assert con.execute("select count(*) from big").fetchall() == [(2,)]
    (sql_dir / "views" / "small.sql").write_text("create or replace view small as select 1;")
    with pytest.raises(warehouse.MigrationError, match="order.txt must name every view file"):
        warehouse.migrate(con, sql_dir=sql_dir)


def test_a_warehouse_whose_migrations_still_held_their_views_upgrades_in_place(fresh_db: Path) -> None:
    con = warehouse.open_warehouse(fresh_db)
    legacy = dict(
        line.split(",", 1) for line in (warehouse.SQL_DIR / "legacy_checksums.csv").read_text().splitlines()[1:]
    )
    for file, checksum in legacy.items():  # as a warehouse made before the views moved out
        con.execute("update schema_migrations set checksum = ? where version = ?", [checksum, int(file[:3])])
    con.execute("delete from schema_views")
    con.execute("drop view events")
    con.close()
    con = warehouse.open_warehouse(fresh_db)
    assert con.execute("select count(*) from events").fetchall() == [(0,)]
