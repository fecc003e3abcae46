-- 005: entity mentions, the reference list of known entities, and review decisions.

-- raw_mentions: one row per mention of a person, organization or place in a document.
create table raw_mentions (
    mention_id     varchar primary key,          -- doc_id || ':m' || ordinal
    doc_id         varchar not null,             -- the document (documents.doc_id)
    ordinal        integer not null,
    surface        varchar not null,             -- exactly documents.text[char_start:char_end]
    char_start     integer not null,
    char_end       integer not null,
    entity_id      varchar not null,             -- the entity it resolved to
    name           varchar not null,             -- that entity's canonical name
    kind           varchar not null,             -- person, org, place
    method         varchar not null,             -- alias, short_form, fuzzy, new
    score          double,                       -- fuzzy similarity (0-100) when not an exact match
    fallback_id    varchar not null,             -- the entity it becomes if a reviewer rejects the merge
    fallback_name  varchar not null
);
comment on table raw_mentions is 'One row per mention of a person, organization or place, with the entity it was resolved to and how.';

-- ref_entities: one row per known entity from seeds/entities.csv (refreshed at every run).
create table ref_entities (
    entity_id  varchar primary key,
    name       varchar not null,
    kind       varchar not null,
    aliases    varchar[] not null
);
comment on table ref_entities is 'One row per known entity of the reference list seeds/entities.csv: canonical name, kind, aliases.';

-- entity_decisions: one row per reviewed merge (a surface resolved to an entity below the certain threshold).
create table entity_decisions (
    surface     varchar not null,
    entity_id   varchar not null,
    decision    varchar not null check (decision in ('accept', 'reject')),
    decided_at  timestamp not null default current_timestamp,
    primary key (surface, entity_id)
);
comment on table entity_decisions is 'One row per merge a person reviewed: accept keeps surface -> entity, reject makes the surface its own entity.';
