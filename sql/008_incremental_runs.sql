-- 008: incremental runs. How far each input has been read, and more about every run.

-- input_cursors: one row per input file or feed URL (item '') or feed entry (item = its id or link)
-- read by some run; the next run skips what is unchanged and resumes a corpus that grew.
create table input_cursors (
    input        varchar not null,              -- absolute file path, or the feed's URL
    item         varchar not null,              -- '' for a whole file; a feed entry's id or link
    fingerprint  varchar not null,              -- identity|state: first bytes and read options | size and mtime
    position     bigint not null,               -- the last record read (line, row, or entry number)
    complete     boolean not null,              -- the input was read to its end
    run_id       varchar not null,              -- the run that read it last
    updated_at   timestamp not null default current_timestamp,
    primary key (input, item)
);
comment on table input_cursors is 'One row per input file, feed or feed entry read: how far (position, complete) and what it looked like (fingerprint), so a run reads only what is new.';

-- runs: what a run skipped, failed on, and spent its time on.
alter table runs add column unchanged bigint;   -- inputs and feed entries skipped: read before, unchanged
alter table runs add column failures json;      -- inputs that failed as a whole (a feed that did not answer), with why
alter table runs add column stages json;        -- seconds per stage: read, extract, load, cluster, check
alter table runs add column checks varchar;     -- ran, or skipped: nothing changed since the last checks
alter table runs add column state varchar;      -- what the checks saw: documents, review decisions and check files
comment on table runs is 'One row per pipeline run: parameters, counts (read = loaded + duplicates + rejected), inputs unchanged, failures, seconds per stage, whether the checks ran, and outcome.';
