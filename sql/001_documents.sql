-- 001: the raw layer. What was read, what was refused, and every run.

-- documents: one row per distinct article text (identified by its SHA-256 content hash).
-- `text` is title, a newline and the body (the body alone when there is no title), exactly as
-- extracted; every char_start/char_end stored anywhere in the warehouse indexes into it.
create table documents (
    doc_id        varchar primary key,          -- first 16 hex digits of content_hash
    content_hash  varchar not null unique,      -- sha256(text)
    text          varchar not null,
    title         varchar,
    url           varchar,
    source        varchar,
    published_at  timestamp,                    -- UTC; null when the input had none
    input         varchar not null,             -- the file, corpus or URL it was read from
    record        varchar not null,             -- where in the input: line, row, entry, file
    run_id        varchar not null,             -- the run that loaded it
    ingested_at   timestamp not null default current_timestamp
);
comment on table documents is 'One row per distinct article text (by content hash); text is the reference for every character offset in the warehouse.';

-- rejects: one row per input record that could not become a document, with the reason.
create table rejects (
    input         varchar not null,
    record        varchar not null,             -- line N, row N, entry N, a file name, or - for the whole input
    reason        varchar not null,             -- short code: binary, invalid_utf8, malformed_json, empty_body, bad_date, oversized, ...
    detail        varchar not null,             -- the explanation a person reads
    run_id        varchar not null,             -- the run that first refused it
    rejected_at   timestamp not null default current_timestamp,
    primary key (input, record, reason)
);
comment on table rejects is 'One row per input record refused by a reader (input, record, reason); a re-run does not add it again.';

-- runs: one row per pipeline run, with its parameters, counts, timings and outcome.
create table runs (
    run_id        varchar primary key,
    started_at    timestamp not null,
    finished_at   timestamp,
    parameters    json,
    read          bigint,
    loaded        bigint,
    duplicates    bigint,
    rejected      bigint,
    undated       bigint,                       -- loaded documents with no publication date
    seconds       double,
    outcome       varchar not null              -- running, completed, failed
);
comment on table runs is 'One row per pipeline run: parameters, counts (read = loaded + duplicates + rejected), timings and outcome.';
