-- mentions: only merges below the certain threshold (score < 90) wait for review.
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
