-- 007: data quality: reference prices, the views the suites in expectations/ validate, and their results.

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

-- dq_fact_spans: one row per stored fact with the characters its span cuts from its document.
create view dq_fact_spans as
with spans as (
    select 'figures' as relation, figure_id as row_id, doc_id, surface, char_start, char_end from figures
    union all
    select 'dates', date_id, doc_id, surface, char_start, char_end from dates
    union all
    select 'mentions', mention_id, doc_id, surface, char_start, char_end from mentions
    union all
    select 'events', event_id, doc_id, sentence, char_start, char_end from events
),

final as (
    select
        s.relation,
        s.row_id,
        s.doc_id,
        s.surface,
        substring(d.text, s.char_start + 1, s.char_end - s.char_start) as cut,
        s.char_start,
        s.char_end,
        length(d.text) as doc_length
    from spans as s
    join documents as d using (doc_id)
)

select * from final;
comment on view dq_fact_spans is 'One row per stored fact: its surface and the characters its span cuts from documents.text (they must be equal).';

-- dq_implied_prices: one row per holding_value or transaction, with its implied price against the reference close.
create view dq_implied_prices as
with dated as (
    select h.*, cast(d.published_at as date) as published_day, d.url, d.source
    from holdings as h
    join documents as d using (doc_id)
    where h.kind in ('holding_value', 'transaction')
),

final as (
    select
        dated.holding_id,
        dated.doc_id,
        dated.holder,
        dated.asset,
        dated.quantity,
        dated.value,
        dated.currency,
        dated.kind,
        dated.implied_price,
        dated.published_day,
        p.close as reference_close,
        dated.implied_price / p.close as price_ratio,
        case
            when dated.asset <> 'BTC' then 'asset is not BTC'
            when dated.currency not in ('USD', 'USDT', 'USDC') then 'currency is not USD'
            when dated.published_day is null then 'no publication day'
            when p.close is null then 'no reference price that day'
        end as skipped_because,
        dated.url,
        dated.source
    from dated
    left join ref_btc_usd as p on p.day = dated.published_day
)

select * from final;
comment on view dq_implied_prices is 'One row per holding_value or transaction holding: implied price, the BTC-USD close on the publication day, their ratio, or why it is not checked.';

-- dq_temporal: one row per event dated after its article's publication day.
create view dq_temporal as
with later as (
    select e.event_id, e.doc_id, e.event_type, e.trigger, e.date_start, e.date_end, e.sentence,
           cast(d.published_at as date) as published_day, d.url
    from events as e
    join documents as d using (doc_id)
    where e.date_start > cast(d.published_at as date)
),

final as (
    select
        *,
        regexp_matches(
            lower(sentence),
            '\b(will|would|could|may|into|continue|continues|continuing|might|plan|plans|planned|planning|expect|expects|expected|scheduled|slated|set to|due|upcoming|next|by|until|through|till|target|targets|aim|aims|forecast|forecasts|predict|predicts|predicted|projected|proposed|deadline|before|ahead|going to|intend|intends|estimated|should|if|potential|potentially|prediction|outlook|anticipate|anticipated)\b'
        ) as forward_wording
    from later
)

select * from final;
comment on view dq_temporal is 'One row per event dated after its article''s publication day, and whether its sentence is worded as looking ahead.';

-- dq_conflicts: one row per pair of articles reporting the same holder's holding of an asset within 30 days.
create view dq_conflicts as
with named as (
    select doc_id, surface, any_value(name) as name from mentions group by doc_id, surface
),

stated as (
    select
        h.holding_id,
        h.doc_id,
        coalesce(n.name, h.holder) as holder,
        lower(coalesce(n.name, h.holder)) as holder_key,
        h.asset,
        h.quantity,
        cast(d.published_at as date) as published_day,
        d.url,
        d.source
    from holdings as h
    join documents as d using (doc_id)
    left join named as n on n.doc_id = h.doc_id and n.surface = h.holder
    where h.kind = 'holding_value' and h.holder is not null and d.published_at is not null
),

final as (
    select
        a.holding_id,
        a.doc_id,
        b.holding_id as other_holding_id,
        b.doc_id as other_doc_id,
        a.holder,
        a.asset,
        a.quantity,
        b.quantity as other_quantity,
        abs(a.quantity - b.quantity) / greatest(a.quantity, b.quantity) as share_difference,
        a.published_day,
        b.published_day as other_published_day,
        abs(datediff('day', a.published_day, b.published_day)) as days_apart,
        a.url,
        b.url as other_url
    from stated as a
    join stated as b
        on a.holder_key = b.holder_key and a.asset = b.asset and a.doc_id < b.doc_id
        and abs(datediff('day', a.published_day, b.published_day)) <= 30
    -- quantities more than half apart are different things (a wallet, a purchase), not rival reports
    where abs(a.quantity - b.quantity) / greatest(a.quantity, b.quantity) <= 0.5
)

select * from final;
comment on view dq_conflicts is 'One row per pair of articles stating the same holder''s holding of an asset within 30 days (quantities at most half apart), with how much they differ.';
