-- holdings: one row per holding with its implied unit price.
create or replace view holdings as
with source as (
    select * from raw_holdings
),

final as (
    select
        holding_id,
        doc_id,
        holder,
        asset,
        quantity,
        value,
        currency,
        kind,
        value / nullif(quantity, 0) as implied_price,
        quantity_figure_id,
        value_figure_id,
        char_start,
        char_end,
        as_of_start,
        as_of_end,
        as_of_source
    from source
)

select * from final;
comment on view holdings is 'One row per crypto quantity paired with a money value for the same coins, with implied_price = value / quantity and the interval its value refers to (as_of_start..as_of_end, as_of_source).';
