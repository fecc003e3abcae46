-- dq_conflicts: one row per holding statement of a holder's timeline compared with another article's statement, and whether they conflict.
create or replace view dq_conflicts as
with settings as (
    select
        max(value) filter (where name = 'conflict_share') as share,
        max(value) filter (where name = 'conflict_days') as days
    from ref_check_settings
),

named as (
    select doc_id, surface, any_value(name) as name from mentions group by doc_id, surface
),

-- the holders' holding_value statements with the day(s) they refer to (the publication day when undated) and their sentence
dated as (
    select
        h.holding_id,
        h.doc_id,
        h.holder,
        h.asset,
        h.quantity,
        h.quantity_figure_id,
        h.char_start,
        coalesce(h.as_of_start, cast(d.published_at as date)) as as_of_start,
        coalesce(h.as_of_end, cast(d.published_at as date)) as as_of_end,
        coalesce(h.as_of_source, 'published') as as_of_source,
        d.published_at,
        cast(d.published_at as date) as published_day,
        d.url,
        substr(d.text, h.char_start + 1, h.char_end - h.char_start) as sentence
    from holdings as h
    join documents as d using (doc_id)
    where h.kind = 'holding_value' and h.holder is not null and d.published_at is not null
),

-- statements of a current holding dated to within a week ("in 2024" is not compared), stated as fact (not "estimated"),
-- one per figure an article states
stated as (
    select
        t.holding_id,
        t.doc_id,
        coalesce(n.name, t.holder) as holder,
        lower(coalesce(n.name, t.holder)) as holder_key,
        t.asset,
        t.quantity,
        q.qualifier,
        -- the last written place of a qualified figure: "about 6,000" stands for 5,500..6,500, "over 6,100" for 6,100..6,200
        case when q.qualifier is not null and t.quantity >= 10 and t.quantity = floor(t.quantity)
             then pow(10, length(cast(cast(t.quantity as bigint) as varchar))
                          - length(rtrim(cast(cast(t.quantity as bigint) as varchar), '0')))
             else 0 end as place,
        t.as_of_start,
        t.as_of_end,
        t.as_of_source,
        t.published_at,
        t.published_day,
        t.url,
        t.sentence,
        -- a smaller figure its own sentence explains: "still holds", "after selling", "transferred"
        regexp_matches(t.sentence,
            '(?i)\b(still|remaining|left with|sold|sells|selling|offload\w*|transferr\w*|moved|outflows?|reduc\w*|trimm\w*|liquidat\w*|distribut\w*)\b')
            as explains_decrease
    from dated as t
    left join named as n on n.doc_id = t.doc_id and n.surface = t.holder
    left join figures as q on q.figure_id = t.quantity_figure_id
    where t.as_of_source in ('published', 'sentence')
        and datediff('day', t.as_of_start, t.as_of_end) <= 7
        and not regexp_matches(t.sentence,
            '(?i)\b(estimat\w*|rumou?red|reportedly|allegedly|believed|thought to|speculat\w*|(may|might|could) (be|have|hold|own))\b')
    -- an article that states one figure twice (its headline and its body) makes one statement: the first
    qualify row_number() over (
        partition by t.doc_id, lower(coalesce(n.name, t.holder)), t.asset, t.quantity, t.as_of_end order by t.char_start
    ) = 1
),

-- every two statements of the same holder and asset from different articles
compared as (
    select
        b.holding_id,
        a.holding_id as other_holding_id,
        b.doc_id <> a.doc_id as other_article,
        abs(datediff('day', a.as_of_end, b.as_of_end)) as days_apart,
        b.quantity,
        a.quantity as other_quantity,
        -- agreement: within the share, widened by what a qualified figure stands for
        -- ("over 6,089" agrees with 6,100, "nearly 600,000" with 597,325, "about 6,000" with 6,089)
        (abs(a.quantity - b.quantity) <= s.share * greatest(a.quantity, b.quantity)
            + case
                when a.qualifier = 'over' and b.quantity >= a.quantity then a.place
                when b.qualifier = 'over' and a.quantity >= b.quantity then b.place
                when a.qualifier = 'under' and b.quantity <= a.quantity then a.place
                when b.qualifier = 'under' and a.quantity <= b.quantity then b.place
                else 0.5 * greatest(case when a.qualifier = 'approx' then a.place else 0 end,
                                    case when b.qualifier = 'approx' then b.place else 0 end)
              end) as agree,
        -- a is the earlier: by the day it refers to, then by publication
        (a.as_of_end, a.published_at, a.holding_id) < (b.as_of_end, b.published_at, b.holding_id) as other_is_earlier
    from stated as b
    join stated as a
        on a.holder_key = b.holder_key and a.asset = b.asset and a.doc_id <> b.doc_id
    cross join settings as s
    -- quantities more than half apart are different things (a wallet, a purchase), not rival statements
    where least(a.quantity, b.quantity) >= 0.5 * greatest(a.quantity, b.quantity)
),

-- within conflict_days: how many other articles state a figure that agrees with each statement, and how many
-- later ones agree or exceed it; at any time: the first and last day its figure was stated (by it or one that agrees)
support as (
    select
        s.holding_id,
        count(distinct o.doc_id) filter (where c.agree and c.days_apart <= settings.days) as supported_by,
        count(distinct o.doc_id) filter (
            where c.days_apart <= settings.days and not c.other_is_earlier and (c.agree or c.other_quantity > c.quantity)
        ) as confirmed_later,
        least(min(s.as_of_end), min(o.as_of_end) filter (where c.agree)) as first_stated,
        greatest(max(s.as_of_end), max(o.as_of_end) filter (where c.agree)) as last_stated
    from stated as s
    cross join settings
    left join compared as c on c.holding_id = s.holding_id
    left join stated as o on o.holding_id = c.other_holding_id
    group by s.holding_id
),

-- each statement (b) against each earlier one (a), judged
pairs as (
    select
        c.holding_id,
        c.other_holding_id,
        c.days_apart,
        c.agree,
        b.quantity < a.quantity as smaller,
        -- the same time: dated intervals overlap (two "current" figures of one day are ordered by publication instead)
        (a.as_of_start <= b.as_of_end and b.as_of_start <= a.as_of_end
            and not (a.as_of_source = 'published' and b.as_of_source = 'published')) as same_time,
        b.explains_decrease,
        -- no other article backs the earlier figure, none later repeats or exceeds it, and others back the later one
        sa.supported_by = 0 and sa.confirmed_later = 0 and sb.supported_by > 0 as earlier_unsupported,
        -- the smaller figure was stated before the larger one first was, and dies out within conflict_days of it:
        -- an old figure repeated (one still stated for longer is in rival use)
        sb.first_stated < sa.first_stated and datediff('day', sa.first_stated, sb.last_stated) <= s.days as repeats_older,
        -- the larger figure was stated first, and again after the smaller one appeared: two figures in rival use
        sb.first_stated < sa.last_stated as rival_figures,
        a.as_of_end as other_as_of_end,
        a.published_at as other_published_at,
        b.as_of_end as as_of_end,
        b.published_at as published_at
    from compared as c
    join stated as b on b.holding_id = c.holding_id
    join stated as a on a.holding_id = c.other_holding_id
    join support as sa on sa.holding_id = a.holding_id
    join support as sb on sb.holding_id = b.holding_id
    cross join settings as s
    where c.other_is_earlier and c.days_apart <= s.days
),

-- each pair's verdict: a later, larger figure is growth, not a conflict; a smaller one its sentence explains (a sale) neither
verdicts as (
    select
        *,
        case
            when agree then null
            when same_time and earlier_unsupported then 'unsupported'
            when same_time then 'same_time'
            when not smaller or explains_decrease then null
            when earlier_unsupported then 'unsupported'
            when repeats_older then 'stale'
            when rival_figures then 'rival'
            else 'decrease'
        end as conflict
    from pairs
),

-- each pair seen from the statement it flags: an unsupported figure is the earlier one
judged as (
    select
        case when conflict = 'unsupported' then other_holding_id else holding_id end as flagged_id,
        case when conflict = 'unsupported' then holding_id else other_holding_id end as compared_id,
        conflict,
        days_apart,
        case when conflict = 'unsupported' then as_of_end else other_as_of_end end as compared_as_of_end,
        case when conflict = 'unsupported' then published_at else other_published_at end as compared_published_at
    from verdicts
),

-- one row per statement: its conflict with the latest other statement, else its comparison with the latest earlier one
chosen as (
    select *
    from judged
    qualify row_number() over (
        partition by flagged_id
        order by conflict is null, compared_as_of_end desc, compared_published_at desc, compared_id
    ) = 1
),

final as (
    select
        b.holding_id,
        b.doc_id,
        a.holding_id as other_holding_id,
        a.doc_id as other_doc_id,
        b.holder,
        b.asset,
        c.conflict,
        -- which statement is newer: for a stale figure the earlier, larger disclosure it ignores; for a decrease
        -- the later-dated one; for an unsupported figure the later one that disagrees; none about the same time
        case when c.conflict = 'decrease' then b.holding_id when c.conflict in ('stale', 'unsupported') then a.holding_id end
            as newer_holding_id,
        b.quantity,
        a.quantity as other_quantity,
        abs(a.quantity - b.quantity) / greatest(a.quantity, b.quantity) as share_difference,
        b.as_of_end as as_of_day,
        a.as_of_end as other_as_of_day,
        b.as_of_source,
        a.as_of_source as other_as_of_source,
        sb.supported_by,
        sa.supported_by as other_supported_by,
        c.days_apart,
        b.published_day,
        a.published_day as other_published_day,
        b.url,
        a.url as other_url,
        b.sentence,
        a.sentence as other_sentence
    from chosen as c
    join stated as b on b.holding_id = c.flagged_id
    join stated as a on a.holding_id = c.compared_id
    join support as sb on sb.holding_id = b.holding_id
    join support as sa on sa.holding_id = a.holding_id
)

select * from final;
comment on view dq_conflicts is 'One row per dated holding statement (holder, asset) compared with another article''s statement within conflict_days: conflict is stale (an older, smaller figure stated after a larger, newer one), rival (two figures each stated before and after the other: sources disagree), decrease (a new figure smaller than an earlier one: a sale or an error), same_time (two sources disagree about one dated time), unsupported (an earlier figure no other article backs, against a backed later one) or null (agreement or growth); newer_holding_id says which statement is newer, supported_by how many other articles agree with each side.';
