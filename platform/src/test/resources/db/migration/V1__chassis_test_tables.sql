-- Tables of the chassis' own tests only (schema "platform" of orchestra_test).
create table test_entities (
    id       uuid primary key,
    version  bigint not null
);

create table probe_effects (
    event_id  uuid primary key,
    user_id   uuid not null,
    name      text not null
);

create table probe_counter (
    id     int primary key,
    value  int not null
);
