-- dq_temporal: one row per event dated after its article's publication day, and whether its wording or the article's time explains that.
create or replace view dq_temporal as
with look_ahead as (
    -- the event_ahead words of seeds/date_words.csv, longest first, as one whole-word pattern
    select '\b(' || string_agg(regexp_escape(phrase), '|' order by length(phrase) desc, phrase) || ')\b' as pattern
    from ref_look_ahead
),

later as (
    select e.event_id, e.doc_id, e.event_type, e.status, e.trigger, e.date_start, e.date_end, e.sentence,
           d.published_at, cast(d.published_at as date) as published_day, d.url
    from events as e
    join documents as d using (doc_id)
    where e.date_start > cast(d.published_at as date)
),

worded as (
    select
        later.*,
        coalesce(regexp_matches(lower(later.sentence), look_ahead.pattern), false)
            -- a headline's infinitive: "Deutsche Bank Teams Up with Bitpanda to Launch Custody in 2026"
            or (regexp_matches(later.sentence, '\bto [A-Z][a-z]+')
                and len(regexp_extract_all(later.sentence, '\b[A-Z][A-Za-z]+'))
                    >= 0.6 * len(regexp_extract_all(later.sentence, '\b[A-Za-z]{2,}')))
            or later.status = 'planned' as forward_wording,
        -- the day after a publication time past noon UTC is already the article's own day east of it ("On July 2" at 16:00 UTC on July 1)
        later.date_start = later.published_day + 1 and hour(later.published_at) >= 12 as next_local_day
    from later
    cross join look_ahead
),

final as (
    select *, forward_wording or next_local_day as explained
    from worded
)

select * from final;
comment on view dq_temporal is 'One row per event dated after its article''s publication day: whether its sentence looks ahead (a word of ref_look_ahead, a headline''s "to Launch", or status planned), whether the date is just the next day of an article published after noon UTC (its own day east of UTC), and explained if either holds.';
