-- dq_implied_prices: one row per holding_value or transaction, with its implied price against the reference close.
create or replace view dq_implied_prices as
with dated as (
    select h.*, cast(d.published_at as date) as published_day, d.url, d.source
    from holdings as h
    join documents as d using (doc_id)
    where h.kind in ('holding_value', 'transaction')
),

final as (
    select
        dated.holding_id,
        dated.doc_id,
        dated.holder,
        dated.asset,
        dated.quantity,
        dated.value,
        dated.currency,
        dated.kind,
        dated.implied_price,
        dated.published_day,
        p.close as reference_close,
        dated.implied_price / p.close as price_ratio,
        case
            when dated.asset <> 'BTC' then 'asset is not BTC'
            when dated.currency not in ('USD', 'USDT', 'USDC') then 'currency is not USD'
            when dated.published_day is null then 'no publication day'
            when p.close is null then 'no reference price that day'
        end as skipped_because,
        dated.url,
        dated.source
    from dated
    left join ref_btc_usd as p on p.day = dated.published_day
)

select * from final;
comment on view dq_implied_prices is 'One row per holding_value or transaction holding: implied price, the BTC-USD close on the publication day, their ratio, or why it is not checked.';
