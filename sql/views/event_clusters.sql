-- event_clusters: one row per happening, with how many articles and sources report it.
create or replace view event_clusters as
with members as (
    select c.cluster_id, e.*, d.published_at, d.source, d.url
    from event_cluster_members as c
    join events as e using (event_id)
    join documents as d using (doc_id)
),

final as (
    select
        cluster_id,
        any_value(event_type) as event_type,
        arg_min(sentence, event_id) as first_sentence,
        count(*) as events,
        count(distinct doc_id) as articles,
        count(distinct source) as sources,
        min(published_at) as first_reported,
        max(published_at) as last_reported,
        min(date_start) as date_start,
        max(date_end) as date_end,
        list_sort(list_distinct(flatten(list(actors)))) as actors,
        list(event_id order by event_id) as event_ids
    from members
    group by cluster_id
)

select * from final;
comment on view event_clusters is 'One row per happening: its events grouped across articles, with the number of articles and sources reporting it and the first and last report.';
