-- entity_timeline: one row per happening an entity takes part in, for reading in date order.
create or replace view entity_timeline as
with actors as (
    select c.*, unnest(c.actors) as entity
    from event_clusters as c
),

final as (
    select
        entity,
        coalesce(date_start, cast(first_reported as date)) as day,  -- when it happened, else first reported
        date_start is not null as dated,
        event_type,
        status,
        date_start,
        date_end,
        actors,
        figures,
        articles,
        sources,
        first_reported,
        first_sentence,
        reports,
        cluster_id
    from actors
)

select * from final;
comment on view entity_timeline is 'One row per happening an entity (canonical name) takes part in: the day it happened (else first reported), type, status, actors, figures, how many articles and sources report it, and its reports.';
