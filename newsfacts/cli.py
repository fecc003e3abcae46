"""The ``newsfacts`` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from newsfacts import config, warehouse
from newsfacts.outputs import report_dir_for
from newsfacts.resources import data_dir

DEFAULT_INPUT = data_dir("seeds") / "articles"
DEFAULT_DB = "warehouse.duckdb"
DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=lambda: os.environ.get("NEWSFACTS_DB", DEFAULT_DB),
    show_default="$NEWSFACTS_DB or warehouse.duckdb",
    help="The DuckDB warehouse file.",
)
FIELD_OPTION = click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=KEY",
    help="Read a document field from another record key, e.g. --field text=story "
    "(NAME: title, text, published_at, source, url).",
)
WORKERS_OPTION = click.option(
    "--workers",
    default=lambda: os.cpu_count() or 1,
    show_default="the number of cores",
    type=click.IntRange(1, 64),
    help="Processes extracting each batch in parallel.",
)
REPORT_OPTION = click.option(
    "--report",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="<db name>-report beside the warehouse",
    help="Folder for the quality summary page (index.html) and the Great Expectations Data Docs.",
)


PREFECT_STARTUP_SECONDS = config.PREFECT_STARTUP_SECONDS
_STARTUP_SETTING = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
_STARTUP_TIMED_OUT = "Timed out while attempting to connect to ephemeral Prefect API server"


def quiet_prefect(verbose: bool) -> None:
    """Offline defaults for Prefect, set before it is imported; explicit settings win."""
    os.environ.setdefault(_STARTUP_SETTING, str(PREFECT_STARTUP_SECONDS))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if verbose:  # asked for on the command line: wins over the environment
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsfacts")
def cli() -> None:
    """newsfacts: news articles into a DuckDB warehouse of dated events and figures.

    Every stored fact points back to the characters of the article it came from.
    """


@cli.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@DB_OPTION
@FIELD_OPTION
@click.option("--max-chars", default=config.MAX_CHARS, show_default=True, help="Reject documents longer than this.")
@click.option(
    "--max-bytes", default=config.MAX_BYTES, show_default=True, help="Reject files, records and downloads larger."
)
@click.option("--batch-size", default=config.BATCH_SIZE, show_default=True, help="Documents per extract/load task.")
@WORKERS_OPTION
@click.option("--fetch-timeout", default=config.FETCH_TIMEOUT, show_default=True, help="Seconds allowed for one URL.")
@click.option(
    "--wait",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds to wait when another run is writing the warehouse (then stop, naming it).",
)
@click.option("--reread", is_flag=True, help="Read every input again, not only what is new since the last run.")
@click.option(
    "--dask-address",
    metavar="HOST:PORT",
    help="Extract on this Dask cluster (prefect-dask); needs a Prefect server (PREFECT_API_URL).",
)
@REPORT_OPTION
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect's own log lines.")
def run(
    inputs: tuple[str, ...],
    db: Path,
    fields: tuple[str, ...],
    max_chars: int,
    max_bytes: int,
    batch_size: int,
    workers: int,
    fetch_timeout: float,
    wait: float,
    reread: bool,
    dask_address: str | None,
    report: Path | None,
    verbose: bool,
) -> None:
    """Run the pipeline: read INPUTs, extract facts, load the warehouse, check it.

    An INPUT is a .txt/.md file or a folder of them (a manifest.csv beside them gives url,
    source, title, published_at), a JSONL/CSV/Parquet corpus (gzip or not), a saved HTML page,
    or an RSS/Atom feed file or URL. With no INPUT, the seed articles are read.

    A run reads only what is new since the last one on the same warehouse: unchanged files
    and feed entries already read are skipped, a corpus that grew resumes where it stopped.

    \b
    Example:
      newsfacts run ../shared/corpus/bitcoin_news_2025.jsonl.gz --db corpus.duckdb
      newsfacts run articles.csv --field text=story --field published_at=ts
      newsfacts run inbox/ https://example.com/feed.xml --wait 600
      newsfacts run corpus.jsonl.gz --dask-address 127.0.0.1:8786
    """
    overrides = _field_overrides(fields)
    from newsfacts.runlock import busy

    if not wait and (why := busy(db)):  # stop before paying for Prefect's start-up
        raise click.ClickException(why)
    quiet_prefect(verbose)
    from newsfacts.quality import CheckWorker

    # Import Great Expectations on the other core while Prefect starts (unless it is here already).
    worker = None if "great_expectations" in sys.modules else CheckWorker()
    from flows.context import CHECK_WORKER, ON_BATCH
    from flows.pipeline import pipeline
    from newsfacts.runlock import WarehouseLocked

    flow_fn = pipeline
    in_flight = config.IN_FLIGHT
    if dask_address:
        flow_fn, in_flight = _on_dask(pipeline, dask_address)
        workers = 1  # each Dask worker extracts one batch at a time

    chosen = list(inputs) or [str(DEFAULT_INPUT)]
    progress = _progress_bar() if sys.stderr.isatty() else None

    def on_batch(summary) -> None:  # type: ignore[no-untyped-def]
        if progress is not None:
            c = summary.counts
            progress.update(
                progress.task_ids[0],
                completed=c.read,
                description=f"read {c.read:,}, loaded {c.loaded:,}, batch {summary.batches}",
            )

    token = ON_BATCH.set(on_batch)
    worker_token = CHECK_WORKER.set(worker)
    if progress is not None:
        progress.start()
    try:
        summary = flow_fn(
            inputs=chosen,
            db=str(db),
            fields=overrides,
            max_chars=max_chars,
            max_bytes=max_bytes,
            batch_size=batch_size,
            workers=workers,
            fetch_timeout=fetch_timeout,
            report_dir=str(report or report_dir_for(db)),
            in_flight=in_flight,
            wait=wait,
            reread=reread,
        )
    except (warehouse.WarehouseBusy, WarehouseLocked) as exc:
        raise click.ClickException(str(exc)) from None
    except RuntimeError as exc:
        if not str(exc).startswith(_STARTUP_TIMED_OUT):
            raise click.ClickException(f"the run failed: {type(exc).__name__}: {exc}") from None
        raise click.ClickException(_prefect_did_not_start(db, chosen)) from None
    except Exception as exc:  # noqa: BLE001 - Prefect has logged the traceback; say it plainly
        raise click.ClickException(f"the run failed: {type(exc).__name__}: {exc}") from None
    finally:
        ON_BATCH.reset(token)
        CHECK_WORKER.reset(worker_token)
        if worker is not None:
            worker.close()
        if progress is not None:
            progress.stop()
    for line in summary.lines():
        click.echo(line)
    if summary.checks and not summary.checks_skipped:
        click.echo(f"report: {(report or report_dir_for(db)) / 'index.html'}")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@DB_OPTION
@click.option("--cron", default="*/15 * * * *", show_default=True, help="When to run (cron, in UTC).")
@click.option(
    "--interval", type=click.FloatRange(min=1), metavar="SECONDS", help="Run every SECONDS instead of on --cron."
)
@click.option("--name", default="scheduled", show_default=True, help="The deployment's name in Prefect.")
@FIELD_OPTION
@WORKERS_OPTION
@click.option(
    "--wait",
    default=config.SCHEDULED_WAIT,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds a run waits for another run writing the warehouse.",
)
@REPORT_OPTION
def serve(
    inputs: tuple[str, ...],
    db: Path,
    cron: str,
    interval: float | None,
    name: str,
    fields: tuple[str, ...],
    workers: int,
    wait: float,
    report: Path | None,
) -> None:
    """Run the pipeline on a schedule, as a Prefect deployment served from this process.

    INPUTs are folders (an inbox), corpus files and feed URLs, as for `run`; each scheduled
    run reads only what is new since the last. Needs a Prefect server: start one with
    `prefect server start --host 127.0.0.1` and set PREFECT_API_URL=http://127.0.0.1:4200/api.
    The runs show in its UI. Ctrl-C stops serving (and pauses the schedule).

    \b
    Example:
      newsfacts serve inbox/ https://example.com/feed.xml --cron "0 * * * *" --db news.duckdb
      newsfacts serve inbox/ --interval 300
    """
    overrides = _field_overrides(fields)
    _require_server("serve")
    quiet_prefect(verbose=True)  # a server process shows each run's log (and sends it to the UI)
    from prefect import serve as prefect_serve
    from prefect.types.entrypoint import EntrypointType

    from flows.pipeline import pipeline
    from newsfacts.fetch import is_url

    parameters = {
        "inputs": [value if is_url(value) else str(Path(value).resolve()) for value in inputs],
        "db": str(db.resolve()),
        "fields": overrides,
        "workers": workers,
        "wait": wait,
        "report_dir": str((report or report_dir_for(db)).resolve()),
    }
    try:
        deployment = pipeline.to_deployment(
            name=name,
            cron=None if interval else cron,
            interval=interval,
            parameters=parameters,
            concurrency_limit=1,
            description="newsfacts over " + ", ".join(parameters["inputs"]),
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--cron") from None
    when = f"every {interval:g} s" if interval else f"on cron {cron!r} (UTC)"
    click.echo(f"serving newsfacts/{name} {when} into {parameters['db']}; Ctrl-C stops")
    prefect_serve(deployment, print_starting_message=False)


def _prefect_did_not_start(db: Path, inputs: list[str]) -> str:
    """Record a run that never started because Prefect's temporary server did not come up,
    and say how to get past it."""
    seconds = os.environ.get(_STARTUP_SETTING, str(PREFECT_STARTUP_SECONDS))
    why = (
        f"Prefect's temporary API server did not start within {seconds} s (is the machine busy?);"
        " nothing was read. Start a server once and point runs at it:"
        " `prefect server start --host 127.0.0.1 &` then"
        " `export PREFECT_API_URL=http://127.0.0.1:4200/api`,"
        f" or allow longer: `export {_STARTUP_SETTING}=900`"
    )
    warehouse.record_failed_start(db, {"inputs": inputs}, {"input": "-", "reason": "prefect_did_not_start", "detail": why})
    return why


def _field_overrides(fields: tuple[str, ...]) -> dict[str, str]:
    """``--field NAME=KEY`` values as a mapping; an unknown NAME is a usage error."""
    from newsfacts.readers import parse_field_overrides

    try:
        return parse_field_overrides(fields)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--field") from None


def _require_server(command: str) -> None:
    if not os.environ.get("PREFECT_API_URL"):
        raise click.UsageError(
            f"{command} needs a Prefect server: start one with `prefect server start --host 127.0.0.1`"
            " and set PREFECT_API_URL=http://127.0.0.1:4200/api"
        )


def _on_dask(pipeline, address: str):  # type: ignore[no-untyped-def]
    """The flow on prefect-dask's task runner for the cluster at ``address``, and how many
    batches to keep in flight (two per Dask worker)."""
    _require_server("--dask-address")
    from distributed import Client
    from prefect_dask import DaskTaskRunner

    address = address if "://" in address else f"tcp://{address}"
    try:
        with Client(address, timeout=10) as client:
            dask_workers = len(client.scheduler_info().get("workers", {}))
    except OSError as exc:
        raise click.ClickException(f"no Dask scheduler at {address}: {exc}") from None
    return pipeline.with_options(task_runner=DaskTaskRunner(address=address)), max(2, 2 * dask_workers)


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--limit", default=config.SQL_ROW_LIMIT, show_default=True, help="Rows shown at most in table format.")
def sql(query: str, db: Path, fmt: str, limit: int) -> None:
    """Run read-only SQL against the warehouse.

    The warehouse is opened read-only with file access disabled: statements that would
    change it (INSERT, DROP, COPY, ATTACH, SET ...) fail.

    \b
    Example:
      newsfacts sql "select source, count(*) as n from documents group by 1 order by 2 desc" --limit 5
      newsfacts sql "select * from rejects" --format csv
    """
    import duckdb

    con = _read(db)
    try:
        frame = con.execute(query).df()
    except duckdb.Error as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    finally:
        con.close()
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(json.loads(frame.to_json(orient="records", date_format="iso")), ensure_ascii=False))
    else:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            click.echo(frame.head(limit).to_string(index=False))
        if len(frame) > limit:
            click.echo(f"({len(frame):,} rows, {limit:,} shown)")


@cli.command()
@click.argument("entity")
@DB_OPTION
@click.option("--limit", type=click.IntRange(1), help="Happenings shown at most (oldest first).")
def timeline(entity: str, db: Path, limit: int | None) -> None:
    """An entity's happenings in date order, each with its first report.

    ENTITY is a canonical name or any spelling seen in the articles. A happening is the same
    event reported by one or more articles; it is dated when it happened, or by its first report
    when no report dates it.

    \b
    Example:
      newsfacts timeline "Nayib Bukele"
      newsfacts timeline Strategy --db corpus.duckdb --limit 20
    """
    from newsfacts import timeline as timelines

    con = _read(db)
    try:
        name = timelines.resolve(con, entity)
        if name is None:
            raise click.ClickException(f"no entity named {entity!r} in {db}; try: newsfacts entities --review")
        rows = timelines.timeline(con, name, limit)
    finally:
        con.close()
    for line in timelines.lines(name, rows):
        click.echo(line)


@cli.command()
@DB_OPTION
@REPORT_OPTION
def check(db: Path, report: Path | None) -> None:
    """Run the data-quality suites of expectations/ against the warehouse.

    Results are stored in dq_runs and dq_failures; the summary page and Data Docs are written
    to --report. Exits with status 1 when a blocking expectation fails (which suites block
    is set in expectations/checks.json).

    \b
    Example:
      newsfacts check --db corpus.duckdb
      newsfacts sql "select suite, detail from dq_latest_failures order by suite limit 5"
    """
    from newsfacts import quality

    report = report or report_dir_for(db)
    try:
        con = warehouse.open_warehouse(db, wait=10) if db.exists() else None
    except warehouse.WarehouseBusy as exc:
        raise click.ClickException(str(exc)) from None
    if con is None:
        raise click.ClickException(f"no warehouse at {db}; run `newsfacts run` first")
    try:
        outcome = quality.run_checks(con, report_dir=report)
    finally:
        con.close()
    failing = {k: v for k, v in outcome.counts().items() if v}
    click.echo(
        f"{len(outcome.outcomes)} expectations, {sum(not o.success for o in outcome.outcomes)} failing"
        + (": " + ", ".join(f"{k} {v:,} rows" for k, v in failing.items()) if failing else "")
    )
    click.echo(f"report: {report / 'index.html'}")
    if outcome.blocking_failures:
        names = ", ".join(sorted({o.suite for o in outcome.blocking_failures}))
        raise click.ClickException(f"blocking expectations failed: {names}")


@cli.command()
@DB_OPTION
@click.option("--review", is_flag=True, help="List the merges made below the certain threshold, to accept or reject.")
@click.option("--accept", "accepts", multiple=True, metavar="SURFACE", help="Accept the merge of SURFACE (repeatable).")
@click.option("--reject", "rejects", multiple=True, metavar="SURFACE", help="Reject the merge of SURFACE (repeatable).")
@click.option("--limit", default=50, show_default=True, help="Rows shown at most.")
def entities(db: Path, review: bool, accepts: tuple[str, ...], rejects: tuple[str, ...], limit: int) -> None:
    """List entities, or review the uncertain merges of spellings into entities.

    A spelling resolved to a known entity by fuzzy matching below the certain threshold
    ("Naib Bukere" -> Nayib Bukele) is offered for review. Accepting keeps the merge;
    rejecting makes the spelling its own entity. Decisions are stored in the warehouse
    (entity_decisions) and survive re-runs. On a terminal, --review asks about each merge.

    \b
    Example:
      newsfacts entities --limit 10
      newsfacts entities --review
      newsfacts entities --review --reject "Saqib Nisar" --accept "Naib Bukere"
    """
    if accepts or rejects:
        _decide(db, {s: "accept" for s in accepts} | {s: "reject" for s in rejects})
    con = _read(db)
    try:
        if not review:
            frame = con.execute(
                "select name, kind, documents, mentions, aliases from entities order by documents desc, name limit ?",
                [limit],
            ).df()
            click.echo(frame.to_string(index=False))
            return
        pending = con.execute(
            "select surface, entity_id, name, round(max(score), 1) as score, count(distinct doc_id) as documents"
            " from mentions where review = 'pending' group by surface, entity_id, name"
            " order by documents desc, surface limit ?",
            [limit],
        ).fetchall()
    finally:
        con.close()
    if not pending:
        click.echo("no merges wait for review")
        return
    interactive = sys.stdin.isatty() and not (accepts or rejects)
    decisions: dict[str, str] = {}
    for surface, _entity, name, score, documents in pending:
        line = f"{surface!r} -> {name}  (score {score}, {documents} document{'s' if documents != 1 else ''})"
        if interactive:
            answer = click.prompt(line + "  [a]ccept/[r]eject/[s]kip", default="s", show_default=False)
            if answer[:1].lower() in ("a", "r"):
                decisions[surface] = "accept" if answer[:1].lower() == "a" else "reject"
        else:
            click.echo(line)
    if decisions:
        _decide(db, decisions)


def _progress_bar():  # type: ignore[no-untyped-def]
    """A progress bar on standard error for long inputs (their length is not known in advance)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )
    progress.add_task("reading", total=None)
    return progress


def _read(db: Path):  # type: ignore[no-untyped-def]
    try:
        return warehouse.open_read_only(db)
    except (FileNotFoundError, warehouse.WarehouseBusy) as exc:
        raise click.ClickException(str(exc)) from None


def _decide(db: Path, decisions: dict[str, str]) -> None:
    """Store review decisions for every entity each surface was merged into."""
    try:
        con = warehouse.open_warehouse(db, wait=10)
    except warehouse.WarehouseBusy as exc:
        raise click.ClickException(str(exc)) from None
    try:
        for surface, decision in decisions.items():
            found = con.execute(
                "select distinct entity_id from raw_mentions where surface = ? and score is not null", [surface]
            ).fetchall()
            if not found:
                raise click.ClickException(f"no reviewable merge of {surface!r}")
            for (entity,) in found:
                con.execute(
                    "insert or replace into entity_decisions (surface, entity_id, decision) values (?, ?, ?)",
                    [surface, entity, decision],
                )
            click.echo(f"{decision}ed: {surface!r}")
    finally:
        con.close()


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
