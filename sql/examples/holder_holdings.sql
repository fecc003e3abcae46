-- A holder's reported holdings over time, with implied and market prices.
-- Parameter $1: the holder's name as stored in holdings, e.g. 'El Salvador'.
with final as (
    select
        i.published_day,
        i.holder,
        i.asset,
        i.quantity,
        i.value,
        i.currency,
        i.kind,
        round(i.implied_price) as implied_price,
        i.reference_close as market_price,
        round(i.price_ratio, 3) as price_ratio,
        i.url
    from dq_implied_prices as i
    where i.holder = $1
)

select * from final
order by published_day
