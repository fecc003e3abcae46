-- 006: the same event reported by several articles, grouped (rebuilt after every run).

-- event_cluster_members: one row per event, naming the group of events that report the same happening.
create table event_cluster_members (
    event_id    varchar primary key,
    cluster_id  varchar not null                -- the smallest event_id of the group
);
comment on table event_cluster_members is 'One row per event with the id of its group of same-event reports (derived; rebuilt after each run).';

-- event_clusters: one row per happening, with how many articles and sources report it.
create view event_clusters as
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

-- mentions (replaced): only merges below the certain threshold (score < 90) wait for review.
create or replace view mentions as
with source as (
    select * from raw_mentions
),

decisions as (
    select surface, entity_id, decision from entity_decisions
),

final as (
    select
        m.mention_id,
        m.doc_id,
        case when d.decision = 'reject' then m.fallback_id else m.entity_id end as entity_id,
        case when d.decision = 'reject' then m.fallback_name else m.name end as name,
        m.kind,
        m.surface,
        m.method,
        m.score,
        coalesce(d.decision, case when m.score < 90 then 'pending' end) as review,
        m.char_start,
        m.char_end
    from source as m
    left join decisions as d on d.surface = m.surface and d.entity_id = m.entity_id
)

select * from final;
comment on view mentions is 'One row per mention of a person, organization or place, with its canonical entity (review decisions applied; review = pending below the certain threshold).';
