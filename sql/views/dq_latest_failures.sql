-- dq_latest_failures: the failing rows of the newest quality run only (dq_failures keeps every run), with their article.
create or replace view dq_latest_failures as
with runs as (
    select dq_run_id, run_id, max(checked_at) as checked_at
    from dq_runs
    group by dq_run_id, run_id
),

latest as (
    select * from runs order by checked_at desc, dq_run_id limit 1
),

final as (
    select
        f.dq_run_id,
        latest.run_id,
        latest.checked_at,
        f.suite,
        f.expectation,
        f.relation,
        f.row_id,
        f.doc_id,
        f.detail,
        cast(d.published_at as date) as published_day,
        d.url
    from dq_failures as f
    join latest using (dq_run_id)
    left join documents as d using (doc_id)
)

select * from final;
comment on view dq_latest_failures is 'One row per row that failed an expectation in the newest quality run (dq_failures holds every run''s): suite, expectation, the row''s relation and key, what was wrong, and its article''s publication day and link.';
