-- 010: what day a holding's value refers to, and reference prices for every coin and currency checked.
alter table raw_holdings add column as_of_start date;      -- the interval the value refers to (null: no day to price it on)
alter table raw_holdings add column as_of_end date;
alter table raw_holdings add column as_of_source varchar;  -- sentence, published, reported, at_the_time, past (null: loaded before 010)

-- ref_crypto_usd: one row per day and coin: the USD close (seeds/btc_usd_daily.csv for BTC, seeds/crypto_usd_daily.csv for the others).
create table ref_crypto_usd (
    day    date not null,
    asset  varchar not null,
    close  double not null,
    primary key (day, asset)
);
comment on table ref_crypto_usd is 'One row per day and coin: the USD daily close (BTC from seeds/btc_usd_daily.csv; ETH, SOL, XRP, BNB, DOGE, ADA, LINK from seeds/crypto_usd_daily.csv, Binance USDT closes).';

-- ref_fx_usd: one row per ECB fixing day and currency: US dollars per unit (seeds/fx_usd_daily.csv).
create table ref_fx_usd (
    day           date not null,
    currency      varchar not null,
    usd_per_unit  double not null,
    primary key (day, currency)
);
comment on table ref_fx_usd is 'One row per ECB fixing day and currency: US dollars per unit of the currency (seeds/fx_usd_daily.csv); use the latest fixing on or before a day.';
