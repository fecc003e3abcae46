-- An entity's timeline of dated events: every event that names it, in date order, with its article.
-- Parameter $1: the entity's canonical name, e.g. 'Nayib Bukele'.
with final as (
    select
        e.date_start,
        e.date_end,
        e.granularity,
        e.date_source,
        e.event_type,
        e.trigger,
        e.sentence,
        d.url
    from events as e
    join documents as d using (doc_id)
    where list_contains(e.actors, $1)
)

select * from final
order by date_start, date_end, url
