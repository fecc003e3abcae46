-- 009: events as GUIDE §5 has them: a status, the publication day kept apart from the date the
-- event happened, and the actors by role.
alter table raw_events add column status varchar;             -- happened, planned
alter table raw_events add column reported_on date;           -- the article's publication day (never the event's date)
alter table raw_events add column agent_ids varchar[];        -- entities before the trigger that take part (the doer)
alter table raw_events add column counterpart_ids varchar[];  -- entities after it (whom it was done with or to)
