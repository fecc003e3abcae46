-- dq_conflicts: one row per pair of articles reporting the same holder's holding of an asset within 30 days.
create or replace view dq_conflicts as
with named as (
    select doc_id, surface, any_value(name) as name from mentions group by doc_id, surface
),

stated as (
    select
        h.holding_id,
        h.doc_id,
        coalesce(n.name, h.holder) as holder,
        lower(coalesce(n.name, h.holder)) as holder_key,
        h.asset,
        h.quantity,
        cast(d.published_at as date) as published_day,
        d.url,
        d.source
    from holdings as h
    join documents as d using (doc_id)
    left join named as n on n.doc_id = h.doc_id and n.surface = h.holder
    where h.kind = 'holding_value' and h.holder is not null and d.published_at is not null
),

final as (
    select
        a.holding_id,
        a.doc_id,
        b.holding_id as other_holding_id,
        b.doc_id as other_doc_id,
        a.holder,
        a.asset,
        a.quantity,
        b.quantity as other_quantity,
        abs(a.quantity - b.quantity) / greatest(a.quantity, b.quantity) as share_difference,
        a.published_day,
        b.published_day as other_published_day,
        abs(datediff('day', a.published_day, b.published_day)) as days_apart,
        a.url,
        b.url as other_url
    from stated as a
    join stated as b
        on a.holder_key = b.holder_key and a.asset = b.asset and a.doc_id < b.doc_id
        and abs(datediff('day', a.published_day, b.published_day)) <= 30
    -- quantities more than half apart are different things (a wallet, a purchase), not rival reports
    where abs(a.quantity - b.quantity) / greatest(a.quantity, b.quantity) <= 0.5
)

select * from final;
comment on view dq_conflicts is 'One row per pair of articles stating the same holder''s holding of an asset within 30 days (quantities at most half apart), with how much they differ.';
