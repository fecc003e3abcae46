-- This week's flagged facts: the failures of the latest quality run (dq_latest_failures) for
-- articles published in the 7 days up to the newest article of the warehouse, with their link.
with window_end as (
    select max(cast(published_at as date)) as last_day from documents
),

final as (
    select f.suite, f.detail, f.published_day, f.url
    from dq_latest_failures as f
    cross join window_end as w
    where f.published_day > w.last_day - interval 7 day
)

select * from final
order by published_day desc, suite
