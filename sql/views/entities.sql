-- entities: one row per canonical entity mentioned anywhere.
create or replace view entities as
with mentioned as (
    select * from mentions
),

final as (
    select
        entity_id,
        any_value(name) as name,
        mode(kind) as kind,
        list(distinct surface order by surface) as aliases,
        count(distinct doc_id) as documents,
        count(*) as mentions
    from mentioned
    group by entity_id
)

select * from final;
comment on view entities is 'One row per canonical entity: name, kind, the spellings seen (aliases), and how many documents mention it.';
