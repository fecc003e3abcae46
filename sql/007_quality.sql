-- 007: data quality: reference prices and the results of the suites in expectations/ (their views: sql/views/dq_*.sql).

-- ref_btc_usd: one row per day of the BTC-USD reference series (seeds/btc_usd_daily.csv, refreshed every run).
create table ref_btc_usd (
    day    date primary key,
    close  double not null
);
comment on table ref_btc_usd is 'One row per day: the BTC-USD daily close of the reference series in seeds/btc_usd_daily.csv.';

-- dq_runs: one row per expectation evaluated by a quality run.
create table dq_runs (
    dq_run_id         varchar not null,
    run_id            varchar,                  -- the pipeline run that triggered it; null for `newsfacts check`
    checked_at        timestamp not null default current_timestamp,
    suite             varchar not null,
    expectation       varchar not null,         -- type and columns
    blocking          boolean not null,
    success           boolean not null,
    rows_checked      bigint not null,
    rows_failing      bigint not null,
    primary key (dq_run_id, suite, expectation)
);
comment on table dq_runs is 'One row per expectation evaluated in a quality run: suite, whether it blocks, whether it passed, rows checked and failing.';

-- dq_failures: one row per failing row of an expectation, pointing to the row and its document.
create table dq_failures (
    dq_run_id    varchar not null,
    suite        varchar not null,
    expectation  varchar not null,
    relation     varchar not null,              -- the view or table the row is in
    row_id       varchar not null,              -- its key in that relation
    doc_id       varchar,                       -- the document it comes from
    detail       varchar not null               -- what was wrong, in words
);
comment on table dq_failures is 'One row per row that failed an expectation: the relation and key of the row, its document, and what was wrong.';
