-- 006: the same event reported by several articles, grouped (rebuilt after every run).

-- event_cluster_members: one row per event, naming the group of events that report the same happening.
create table event_cluster_members (
    event_id    varchar primary key,
    cluster_id  varchar not null                -- the smallest event_id of the group
);
comment on table event_cluster_members is 'One row per event with the id of its group of same-event reports (derived; rebuilt after each run).';
