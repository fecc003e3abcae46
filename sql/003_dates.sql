-- 003: time expressions (GUIDE §2) placed on the calendar against the publication day.

-- raw_dates: one row per time expression found in a document, as extracted.
create table raw_dates (
    date_id      varchar primary key,               -- doc_id || ':d' || ordinal
    doc_id       varchar not null,                  -- the document (documents.doc_id)
    ordinal      integer not null,
    surface      varchar not null,                  -- exactly documents.text[char_start:char_end]
    date_start   date,                              -- inclusive; null when it cannot be resolved
    date_end     date,                              -- inclusive
    granularity  varchar not null,                  -- day, week, month, quarter, year, range
    relative     boolean not null,                  -- resolved against the publication day
    char_start   integer not null,
    char_end     integer not null
);
comment on table raw_dates is 'One row per time expression found in a document, with its interval and character span.';
