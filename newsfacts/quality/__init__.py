"""Data quality: the Great Expectations suites in ``expectations/`` run over warehouse views.

GX's SQL data source does not work on DuckDB files, so each suite names a relation (a table or
a view of ``sql/views/``) that is read into a DataFrame and validated there. The semantic checks
are views too: implied prices against the reference close (``dq_implied_prices``), events dated
after their article (``dq_temporal``), holdings that disagree across sources (``dq_conflicts``).
Results go to ``dq_runs`` and ``dq_failures``; Data Docs and a summary page go to the report
folder. A new check is one view plus one suite file.

- :mod:`~newsfacts.quality.suites`: the suite files and ``checks.json``
- :mod:`~newsfacts.quality.validate`: Great Expectations over the warehouse
- :mod:`~newsfacts.quality.results`: outcomes and their storage
- :mod:`~newsfacts.quality.report`: the summary page
- :mod:`~newsfacts.quality.worker`: the checks in a process of their own
"""

from newsfacts.quality.results import Outcome, QualityReport
from newsfacts.quality.suites import EXPECTATIONS_DIR, CheckConfig, Suite, config_fingerprint, load_suites
from newsfacts.quality.validate import (
    CHECK_CONNECTION,
    prune_validation_history,
    reference_prices,
    refresh_references,
    relation_frame,
    run_checks,
)
from newsfacts.quality.worker import CheckWorker, check_warehouse

__all__ = [
    "CHECK_CONNECTION",
    "EXPECTATIONS_DIR",
    "CheckConfig",
    "CheckWorker",
    "Outcome",
    "QualityReport",
    "Suite",
    "check_warehouse",
    "config_fingerprint",
    "load_suites",
    "prune_validation_history",
    "reference_prices",
    "refresh_references",
    "relation_frame",
    "run_checks",
]
