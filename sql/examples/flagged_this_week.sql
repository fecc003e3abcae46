-- This week's flagged facts: the failures of the latest quality run for articles published in
-- the 7 days up to the newest article of the warehouse, with the article they come from.
with latest as (
    select dq_run_id from dq_runs order by checked_at desc limit 1
),

window_end as (
    select max(cast(published_at as date)) as last_day from documents
),

final as (
    select f.suite, f.detail, cast(d.published_at as date) as published_day, d.url
    from dq_failures as f
    join latest using (dq_run_id)
    join documents as d using (doc_id)
    cross join window_end as w
    where cast(d.published_at as date) > w.last_day - interval 7 day
)

select * from final
order by published_day desc, suite
