-- 012: the words that show an event lies ahead of its article (seeds/date_words.csv, set event_ahead), where dq_temporal reads them.

-- ref_look_ahead: one row per word or phrase of the event_ahead set, reloaded before every check.
create table ref_look_ahead (
    phrase  varchar primary key   -- lower case, matched as whole words in an event's sentence
);
comment on table ref_look_ahead is 'One row per word or phrase (set event_ahead of seeds/date_words.csv, reloaded before every check) whose presence in an event''s sentence says the event lies ahead; dq_temporal reads it.';
