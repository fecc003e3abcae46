-- dq_fact_spans: one row per stored fact with the characters its span cuts from its document.
create or replace view dq_fact_spans as
with spans as (
    select 'figures' as relation, figure_id as row_id, doc_id, surface, char_start, char_end from figures
    union all
    select 'dates', date_id, doc_id, surface, char_start, char_end from dates
    union all
    select 'mentions', mention_id, doc_id, surface, char_start, char_end from mentions
    union all
    select 'events', event_id, doc_id, sentence, char_start, char_end from events
),

final as (
    select
        s.relation,
        s.row_id,
        s.doc_id,
        s.surface,
        substring(d.text, s.char_start + 1, s.char_end - s.char_start) as cut,
        s.char_start,
        s.char_end,
        length(d.text) as doc_length
    from spans as s
    join documents as d using (doc_id)
)

select * from final;
comment on view dq_fact_spans is 'One row per stored fact: its surface and the characters its span cuts from documents.text (they must be equal).';
