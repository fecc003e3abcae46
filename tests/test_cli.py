"""The command line end to end: real Prefect flow runs into a real DuckDB file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from newsfacts.cli import cli

from .conftest import CORPUS, SEEDS, needs_shared
from .fixtures import ARTICLES, HTML_PAGE, RSS_FEED, write_jsonl
from .httpserver import serve

pytestmark = pytest.mark.usefixtures("prefect_harness")


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def counts(output: str) -> tuple[int, int, int, int]:
    match = re.search(r"read ([\d,]+): loaded ([\d,]+), duplicates ([\d,]+), rejected ([\d,]+)", output)
    assert match, output
    return tuple(int(g.replace(",", "")) for g in match.groups())  # type: ignore[return-value]


def test_run_on_the_seeds_then_again(fresh_db: Path) -> None:
    first = invoke("run", "--db", str(fresh_db))
    assert counts(first) == (2, 2, 0, 0)
    assert "took" in first
    second = invoke("run", str(SEEDS), "--db", str(fresh_db))  # nothing new: nothing read
    assert counts(second) == (0, 0, 0, 0)
    assert "not read again: 2 inputs" in second
    assert "checks: skipped: nothing changed" in second
    third = invoke("run", str(SEEDS), "--db", str(fresh_db), "--reread")
    assert counts(third) == (2, 0, 2, 0)
    con = duckdb.connect(str(fresh_db), read_only=True)
    runs = con.execute(
        "select outcome, read, loaded, duplicates, rejected, unchanged, checks from runs order by started_at"
    ).fetchall()
    assert runs == [
        ("completed", 2, 2, 0, 0, 0, "ran"),
        ("completed", 0, 0, 0, 0, 2, "skipped: nothing changed since the last run that checked"),
        ("completed", 2, 0, 2, 0, 0, "skipped: nothing changed since the last run that checked"),
    ]
    (text,) = con.execute("select text from documents where url like '%btc-news%'").fetchone()
    assert text == (SEEDS / "003_b1897cf5cef22458.txt").read_text(encoding="utf-8").strip()


def test_mixed_inputs_reconcile_and_every_reject_is_stored(fresh_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "page.html").write_text(HTML_PAGE)
    (folder / "feed.xml").write_text(RSS_FEED)
    (folder / "story.txt").write_text("Harbor Bank bought 245 BTC for $26 million on Monday.")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES + [{"title": "x", "body": ""}] + ARTICLES[:1])
    with corpus.open("a") as handle:
        handle.write("{not json\n")
    with serve() as base:
        output = invoke(
            "run", str(folder), str(corpus), f"{base}/flaky.xml", f"{base}/down.xml", "--db", str(fresh_db)
        )
    read, loaded, duplicates, rejected = counts(output)
    assert read == loaded + duplicates + rejected
    # page 1 + feed 2 + story 1 + corpus 3 + flaky feed 2 (after retries, same entries as feed.xml)
    assert loaded == 7
    assert duplicates == 1 + 2  # the repeated corpus article; the flaky feed repeats feed.xml
    con = duckdb.connect(str(fresh_db), read_only=True)
    reasons = sorted(r[0] for r in con.execute("select reason from rejects").fetchall())
    assert reasons == ["binary", "empty_body", "fetch_failed", "malformed_json"]
    assert rejected == 4
    (detail,) = con.execute("select detail from rejects where reason = 'fetch_failed'").fetchone()
    assert "HTTP 500" in detail


@pytest.fixture(scope="module")
def seeded(prefect_harness, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """A warehouse of the seeds, made once for the module; copy it before changing it."""
    db = tmp_path_factory.mktemp("seeded") / "warehouse.duckdb"
    invoke("run", "--db", str(db), "--report", str(db.parent / "reports"))
    return db


@pytest.fixture
def seeded_copy(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(seeded, copy)
    return copy


def test_sql_command_formats(seeded_copy: Path) -> None:
    fresh_db = seeded_copy
    query = "select source, count(*) as n from documents group by 1 order by 1"
    table = invoke("sql", query, "--db", str(fresh_db))
    assert "btc-news.today" in table and "coinpedia" in table
    csv_out = invoke("sql", query, "--db", str(fresh_db), "--format", "csv")
    assert csv_out.splitlines() == ["source,n", "btc-news.today,1", "coinpedia,1"]
    rows = json.loads(invoke("sql", query, "--db", str(fresh_db), "--format", "json"))
    assert rows == [{"source": "btc-news.today", "n": 1}, {"source": "coinpedia", "n": 1}]


@pytest.mark.parametrize(
    "statement", ["delete from documents", "drop table runs", "copy documents to 'x.csv'", "attach 'x.duckdb'"]
)
def test_sql_command_cannot_change_the_warehouse(seeded_copy: Path, statement: str) -> None:
    fresh_db = seeded_copy
    result = CliRunner().invoke(cli, ["sql", statement, "--db", str(fresh_db)])
    assert result.exit_code == 1 and "Error" in result.output
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert con.execute("select count(*) from documents").fetchall() == [(2,)]  # both seeds still there
    assert [r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()].count("runs") == 1


def test_unknown_field_override_is_a_usage_error(fresh_db: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--field", "txt=body", "--db", str(fresh_db)])
    assert result.exit_code == 2 and "unknown field 'txt'" in result.output


def test_every_command_has_help_with_an_example() -> None:
    for command in cli.commands:
        output = invoke(command, "--help")
        assert "Example:" in output and "newsfacts " + command in output


@needs_shared(CORPUS)
@pytest.mark.corpus
def test_whole_corpus_loads_or_rejects_every_record(fresh_db: Path) -> None:
    first = counts(invoke("run", str(CORPUS), "--db", str(fresh_db)))
    assert first[0] == 29_759 and first[0] == sum(first[1:])
    second = invoke("run", str(CORPUS), "--db", str(fresh_db))
    assert counts(second) == (0, 0, 0, 0) and "not read again: 1 inputs" in second  # nothing new
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert con.execute("select count(*) from documents").fetchall() == [(first[1],)]
    assert con.execute("select count(*) from rejects").fetchall() == [(first[3],)]


def test_entity_review_decisions_persist_across_runs(fresh_db: Path) -> None:
    invoke("run", "--db", str(fresh_db))
    pending = invoke("entities", "--review", "--db", str(fresh_db))
    assert "'Naib Bukere' -> Nayib Bukele" in pending and "'Bukere' -> Nayib Bukele" in pending
    assert "Bilal bin Sakib" not in pending  # above the certain threshold: no review needed
    assert "rejected: 'Bukere'" in invoke("entities", "--review", "--reject", "Bukere", "--db", str(fresh_db))
    invoke("run", "--db", str(fresh_db))  # a re-run keeps the decision
    con = duckdb.connect(str(fresh_db), read_only=True)
    rows = dict(con.execute("select surface, name from mentions where surface in ('Bukere', 'Naib Bukere')").fetchall())
    assert rows == {"Bukere": "Bukere", "Naib Bukere": "Nayib Bukele"}
    con.close()
    assert "'Bukere'" not in invoke("entities", "--review", "--db", str(fresh_db))
    listing = invoke("entities", "--db", str(fresh_db), "--limit", "3")
    assert "El Salvador" in listing and "documents" in listing


def test_a_run_inside_its_input_folder_writes_its_report_beside_the_warehouse_and_never_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    monkeypatch.chdir(inbox)
    first = invoke("run", ".", "--db", "inbox.duckdb")
    assert counts(first) == (2, 2, 0, 0)
    assert "report: inbox-report/index.html" in first
    assert (inbox / "inbox-report" / "index.html").is_file()
    again = invoke("run", ".", "--db", "inbox.duckdb", "--reread")
    assert counts(again) == (2, 0, 2, 0)  # the report and the warehouse are not articles


def test_timeline_finds_an_entity_by_any_spelling_and_lists_its_happenings(seeded_copy: Path) -> None:
    output = invoke("timeline", "Bukere", "--db", str(seeded_copy))
    lines = output.splitlines()
    assert lines[0].startswith("Nayib Bukele: ")
    meeting = next(line for line in lines if " meeting " in line)
    assert meeting.startswith("2025-07-14") and "2 articles, 2 sources" in meeting and "Bilal Bin Saqib" in meeting
    days = [line.split()[0] for line in lines[1:] if line[:1].isdigit()]
    assert days == sorted(days)
    missing = CliRunner().invoke(cli, ["timeline", "Nobody At All", "--db", str(seeded_copy)])
    assert missing.exit_code == 1 and "no entity named 'Nobody At All'" in missing.output
