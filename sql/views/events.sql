-- events: what analysts query; one row per event a clause reports (GUIDE §5).
create or replace view events as
with source as (
    select * from raw_events
),

final as (
    select
        event_id,
        doc_id,
        event_type,
        status,
        trigger,
        trigger_start,
        trigger_end,
        date_start,
        date_end,
        granularity,
        date_source,
        reported_on,
        actors,
        actor_ids,
        agent_ids,
        counterpart_ids,
        figure_ids,
        date_id,
        sentence,
        char_start,
        char_end
    from source
)

select * from final;
comment on view events is 'One row per event a clause reports: type, status (happened, planned), trigger, the date it happened (null when the text gives none; date_source sentence or context), reported_on (the publication day), actors by role, figures.';
