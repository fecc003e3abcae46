-- event_clusters: one row per happening (the same thing reported by one or more articles).
create or replace view event_clusters as
with members as (
    select c.cluster_id, e.*, d.published_at, d.source, d.url
    from event_cluster_members as c
    join events as e using (event_id)
    join documents as d using (doc_id)
),

amounts as (
    select m.cluster_id, list(distinct f.surface order by f.surface) as figures
    from (select cluster_id, unnest(figure_ids) as figure_id from members) as m
    join raw_figures as f using (figure_id)
    group by m.cluster_id
),

final as (
    select
        m.cluster_id,
        any_value(m.event_type) as event_type,
        mode(m.status) as status,
        -- the narrowest interval a report gives (null when no report dates it)
        arg_min(m.date_start, datediff('day', m.date_start, m.date_end)) as date_start,
        arg_min(m.date_end, datediff('day', m.date_start, m.date_end)) as date_end,
        arg_min(m.granularity, datediff('day', m.date_start, m.date_end)) as granularity,
        list_sort(list_distinct(flatten(list(m.actors)))) as actors,
        any_value(a.figures) as figures,
        arg_min(m.sentence, strftime(m.published_at, '%Y%m%d%H%M%S') || m.event_id) as first_sentence,  -- of the first report
        count(*) as events,
        count(distinct m.doc_id) as articles,
        count(distinct m.source) as sources,
        min(m.published_at) as first_reported,
        max(m.published_at) as last_reported,
        list(distinct m.url) as reports,
        list(m.event_id order by m.event_id) as event_ids
    from members as m
    left join amounts as a using (cluster_id)
    group by m.cluster_id
)

select * from final;
comment on view event_clusters is 'One row per happening: its type, status, the date it happened (the narrowest a report gives), actors, key figures, first and last report, the number of articles and sources, and its reports.';
