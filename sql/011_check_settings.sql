-- 011: the thresholds of expectations/checks.json, where the quality views can read them.

-- ref_check_settings: one row per numeric setting of expectations/checks.json, reloaded before every check.
create table ref_check_settings (
    name   varchar primary key,   -- a CheckConfig field (conflict_share, conflict_days, implied_price_band)
    value  double not null
);
comment on table ref_check_settings is 'One row per numeric threshold of expectations/checks.json (reloaded before every check run), read by the dq_ views that classify rows with them.';
