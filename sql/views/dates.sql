-- dates: what analysts query; one row per time expression.
create or replace view dates as
with source as (
    select * from raw_dates
),

final as (
    select
        date_id,
        doc_id,
        surface,
        date_start,
        date_end,
        granularity,
        relative,
        date_start is not null as resolved,      -- false: relative to an unknown publication day
        char_start,
        char_end
    from source
)

select * from final;
comment on view dates is 'One row per time expression in a document: inclusive interval [date_start, date_end] and granularity; null interval when the document has no publication day.';
