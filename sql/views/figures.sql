-- figures: what analysts query; one row per figure.
create or replace view figures as
with source as (
    select * from raw_figures
),

final as (
    select
        figure_id,
        doc_id,
        surface,
        value,
        value_high,
        unit,
        unit_class,
        qualifier,
        per,
        char_start,
        char_end
    from source
)

select * from final;
comment on view figures is 'One row per figure (amount with a unit) in a document; documents.text[char_start:char_end] = surface.';
