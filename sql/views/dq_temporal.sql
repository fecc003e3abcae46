-- dq_temporal: one row per event dated after its article's publication day.
create or replace view dq_temporal as
with later as (
    select e.event_id, e.doc_id, e.event_type, e.status, e.trigger, e.date_start, e.date_end, e.sentence,
           cast(d.published_at as date) as published_day, d.url
    from events as e
    join documents as d using (doc_id)
    where e.date_start > cast(d.published_at as date)
),

final as (
    select
        *,
        regexp_matches(
            lower(sentence),
            '\b(will|would|could|may|into|continue|continues|continuing|might|plan|plans|planned|planning|expect|expects|expected|scheduled|slated|set to|due|upcoming|next|by|until|through|till|target|targets|aim|aims|forecast|forecasts|predict|predicts|predicted|projected|proposed|deadline|before|ahead|going to|intend|intends|estimated|should|if|potential|potentially|prediction|outlook|anticipate|anticipated|tomorrow|to be|set for|take effect|takes effect|taking effect|effective|begins|starting|starts|goes live|go live|kicks off|comes into force|is launching|are launching|is set|are set)\b'
        ) or status = 'planned' as forward_wording
    from later
)

select * from final;
comment on view dq_temporal is 'One row per event dated after its article''s publication day, and whether it looks ahead (its sentence worded so, or its status planned).';
