-- 004: dated events (what a sentence reports happened, who, when, with its figures).

-- raw_events: one row per event a sentence reports, as extracted.
create table raw_events (
    event_id       varchar primary key,          -- doc_id || ':e' || ordinal
    doc_id         varchar not null,             -- the document (documents.doc_id)
    ordinal        integer not null,
    event_type     varchar not null,             -- from seeds/event_types.csv: meeting, agreement, allocation, ...
    trigger        varchar not null,             -- the word that reports it, as written
    trigger_start  integer not null,
    trigger_end    integer not null,
    date_start     date,                         -- the governing interval; null without any date
    date_end       date,
    granularity    varchar,
    date_source    varchar,                      -- sentence, context (an earlier event it refers to), published
    date_id        varchar,                      -- the governing time expression (raw_dates), if any
    figure_ids     varchar[] not null,           -- the figures of the same sentence
    actors         varchar[] not null,           -- canonical names of the entities the sentence mentions
    actor_ids      varchar[] not null,           -- their entity ids (entities.entity_id)
    sentence       varchar not null,             -- exactly documents.text[char_start:char_end]
    char_start     integer not null,
    char_end       integer not null
);
comment on table raw_events is 'One row per event a sentence reports: type, trigger, governing date, actors as written and figures.';
