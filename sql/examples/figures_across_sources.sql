-- The figures most reported across sources: the same amount and unit in the most distinct sources.
with counted as (
    select
        f.value,
        f.unit,
        any_value(f.surface) as example,
        count(distinct d.source) as sources,
        count(distinct f.doc_id) as articles
    from figures as f
    join documents as d using (doc_id)
    where f.unit_class not in ('percent', 'bp')
    group by f.value, f.unit
),

final as (
    select * from counted where sources > 1
)

select * from final
order by sources desc, articles desc
limit 25
