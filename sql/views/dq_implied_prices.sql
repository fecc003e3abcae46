-- dq_implied_prices: one row per holding_value or transaction, its implied USD price against the coin's closes over the days its value refers to.
create or replace view dq_implied_prices as
with dated as (
    select
        h.*,
        cast(d.published_at as date) as published_day,
        d.url,
        d.source,
        f.surface as value_surface,
        -- holdings loaded before as-of dates existed are priced on their publication day, as they were
        coalesce(h.as_of_source, 'published') as priced_by,
        case when h.as_of_source is null then cast(d.published_at as date) else h.as_of_start end as priced_from,
        case when h.as_of_source is null then cast(d.published_at as date) else h.as_of_end end as priced_to
    from holdings as h
    join documents as d using (doc_id)
    left join figures as f on f.figure_id = h.value_figure_id
    where h.kind in ('holding_value', 'transaction')
),

converted as (
    select
        dated.*,
        case
            when dated.currency in ('USD', 'USDT', 'USDC') then 1.0
            else (select fx.usd_per_unit from ref_fx_usd as fx
                  where fx.currency = dated.currency and fx.day <= dated.priced_to
                  order by fx.day desc limit 1)
        end as usd_per_unit
    from dated
),

closes as (
    select
        converted.holding_id,
        min(p.close) as reference_low,
        max(p.close) as reference_high,
        arg_max(p.close, p.day) as reference_close,
        count(p.close) as reference_days
    from converted
    left join ref_crypto_usd as p
        on p.asset = converted.asset and p.day between converted.priced_from and converted.priced_to
    group by converted.holding_id
),

-- a bare "$" of an Australian or Canadian firm may be that dollar: say so when the flag would go away
other_dollars as (
    select
        converted.holding_id,
        string_agg(fx.currency, ', ' order by fx.currency) as plausible_as
    from converted
    join closes using (holding_id)
    join ref_fx_usd as fx
        on fx.currency in ('AUD', 'CAD', 'HKD')
        and fx.day = (select max(day) from ref_fx_usd where currency = fx.currency and day <= converted.priced_to)
    where converted.currency = 'USD' and converted.value_surface like '$%'
        and converted.value * fx.usd_per_unit / converted.quantity between closes.reference_low * 0.8 and closes.reference_high * 1.2
    group by converted.holding_id
),

final as (
    select
        c.holding_id,
        c.doc_id,
        c.holder,
        c.asset,
        c.quantity,
        c.value,
        c.currency,
        c.kind,
        c.implied_price,
        c.implied_price * c.usd_per_unit as implied_price_usd,
        c.published_day,
        c.priced_by,
        c.priced_from,
        c.priced_to,
        closes.reference_low,
        closes.reference_high,
        closes.reference_close,
        case
            when c.implied_price * c.usd_per_unit between closes.reference_low and closes.reference_high then 1.0
            when c.implied_price * c.usd_per_unit > closes.reference_high then c.implied_price * c.usd_per_unit / closes.reference_high
            else c.implied_price * c.usd_per_unit / closes.reference_low
        end as price_ratio,
        case
            when c.priced_by = 'at_the_time' then 'a value at a time the sentence does not date'
            when c.priced_by = 'past' then 'a past value without a date'
            when c.asset not in (select distinct asset from ref_crypto_usd) then 'no reference prices for ' || c.asset
            when c.usd_per_unit is null then 'no exchange rate for ' || c.currency
            when c.priced_from is null then 'no publication day'
            when closes.reference_days = 0 then 'no reference price on its days'
        end as skipped_because,
        case when other_dollars.plausible_as is not null
            then 'within the band if its $ is ' || other_dollars.plausible_as end as currency_note,
        c.url,
        c.source
    from converted as c
    join closes using (holding_id)
    left join other_dollars using (holding_id)
)

select * from final;
comment on view dq_implied_prices is 'One row per holding_value or transaction: its implied USD price (value converted at the ECB rate), the coin''s lowest and highest close over the days its value refers to (priced_from..priced_to: its sentence''s date, the publication day, or the 30 days before it for an undated trade), the ratio to the nearer of them (1.0 inside), a note when a bare $ could be AUD/CAD/HKD, or why it is not checked.';
