-- 002: figures and holdings (GUIDE §1 and §3), loaded by the extract stage (views: sql/views/).

-- raw_figures: one row per amount with a unit found in a document, as extracted.
create table raw_figures (
    figure_id   varchar primary key,                 -- doc_id || ':f' || ordinal
    doc_id      varchar not null,                    -- the document (documents.doc_id)
    ordinal     integer not null,                    -- order of the figure in the document
    surface     varchar not null,                    -- exactly documents.text[char_start:char_end]
    value       double not null,                     -- scale words, suffixes, pence and sats applied
    value_high  double,                              -- the high end of a range, else null
    unit        varchar not null,                    -- ISO 4217 code, crypto ticker, percent, bp, MW, EH/s, ...
    unit_class  varchar not null,                    -- money, crypto, stablecoin, percent, bp, power, energy, hashrate
    qualifier   varchar,                             -- over, approx, under, or null
    per         varchar,                             -- "per BTC", "per share": the unit a price is for
    char_start  integer not null,                    -- 0-based offset into documents.text
    char_end    integer not null                     -- exclusive
);
comment on table raw_figures is 'One row per figure (amount with a unit) found in a document, with its character span.';

-- raw_holdings: one row per crypto quantity paired with a money value for the same coins.
create table raw_holdings (
    holding_id          varchar primary key,         -- doc_id || ':h' || ordinal
    doc_id              varchar not null,            -- the document (documents.doc_id)
    holder              varchar,                     -- who holds, buys or sells, as written; null if unstated
    asset               varchar not null,            -- crypto ticker
    quantity            double not null,
    value               double not null,             -- total money value of those coins
    currency            varchar not null,
    kind                varchar not null,            -- holding_value, transaction, cost_basis, other
    quantity_figure_id  varchar not null,
    value_figure_id     varchar not null,            -- for an average price, the per-coin price figure
    char_start          integer not null,            -- the sentence that states it
    char_end            integer not null
);
comment on table raw_holdings is 'One row per holding, trade or cost basis: a crypto quantity paired with a money value in one sentence.';
