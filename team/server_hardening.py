"""Blind coding that a coder cannot count around, and a server no coder can stall or flood.

team.server sets a shared server up; this module owns what it adds so that a coder in blind
mode learns nothing about the others' work, not even how much of it there is, and so that one
coder cannot make the server unusable for everyone. `harden_tables` runs once per init (and
add-coder), `person_access` once per person; `hardening_problems` is what `server status`
checks.

Blind coding. Row-level security hides rows, but not their number: the planner's estimates
(EXPLAIN), EXPLAIN ANALYZE's "Rows Removed by Filter", pg_class.reltuples, the pg_stat_* views,
the size functions and the id sequences all counted everyone's rows for a coder. So:

- A coder has no privilege at all on the four tables of own rows (segments, variable_values,
  assignments, events) nor on any sequence. Each coder reaches them through views of the same
  names in a schema of their own (`articoder_coder_<id>`, first on the role's search_path, so
  the program's SQL is unchanged). A view reads `articoder_rows_<table>()`, a SECURITY DEFINER
  function: the planner cannot look through a function owned by someone else, so EXPLAIN shows
  a "Function Scan" with a constant estimate and EXPLAIN ANALYZE counts only what the function
  returned (in blind mode the coder's own rows, found through an index on coder_id, so not
  even the pages read depend on the others' work). Writes go through INSTEAD OF triggers
  (`articoder_write_<table>()`, SECURITY DEFINER) that apply the row-level rules themselves:
  the new row must be the coder's own, another coder's row is never changed (0 rows), an id
  never changes. A view per coder, not one for all: a coder may lock their own views, which
  stalls nobody else.
- Ids that count nothing: a coder's new segments, values and assignments take their ids from
  a sequence of that coder's own (`articoder_ids_<table>_<coder id>`: a range of 2^21 ids
  above 2^30, the lowest free one of 511 when the coder got it), so the next id says how
  much this coder did and nothing else. An id given by the coder (undo and redo restore rows
  with their ids) must lie in that range: with any id allowed, "duplicate key" would tell
  which ids others hold. Journal entries keep one global sequence, used through the trigger
  only: the journal's order is the order of its ids (`articoder check` replays it so).
- The journal: in blind mode a coder reads their own entries and the lead's entries about the
  codebook and articles, those with an empty payload: the payload of a code merge, say,
  counts the segments it moved, everyone's.
- The catalogs, in this database only (it needs a superuser; an owner without that gets a
  problem in `server status`): pg_class's reltuples, relpages and relallvisible, every
  pg_stat_* / pg_statio_* view and pg_stat_get_* function (pg_stat_activity and its function
  stay: team.presence reads who is connected), pg_stats, pg_stat_statements if installed, and
  the size functions are revoked from PUBLIC and granted to the lead group.

One coder cannot stall or flood the others:

- Locks: with no privilege on a shared table beyond SELECT, a coder can take no lock that
  blocks anyone's reading or writing (LOCK TABLE ... IN ACCESS EXCLUSIVE MODE needs UPDATE,
  DELETE or TRUNCATE); the strongest left are row locks held by their own unfinished
  transaction (a foreign key's KEY SHARE on a code or article) and ACCESS SHARE, which blocks
  only schema changes. Every person's role waits at most `lock_timeout` for a lock, and a
  coder's commands run at most `statement_timeout` and sit idle inside a transaction at most
  `idle_in_transaction_session_timeout` (`CODER_SETTINGS`, `LEAD_SETTINGS`), so a forgotten
  transaction ends by itself and a waiting lead gets a message (models.server_failures).
- Connections: a coder's role may hold `CODER_CONNECTION_LIMIT` connections; leads have no
  limit, and `server status` warns when the coders together could take the connections that
  `LEAD_HEADROOM` keeps for leads.
- Sizes: CHECK constraints bound a memo and a value (models.text_limits, NOT VALID so old
  rows are not re-checked), the write trigger checks that a coder's segment lies inside its
  article with a covered text of the span's length, and a coder's journal payload is bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from models.server_failures import (
    ID_RANGE_SEQUENCE_PREFIX,
    MEMO_CHECK,
    PAYLOAD_CHECK,
    SPAN_CHECK,
    VALUE_CHECK,
)
from models.text_limits import MEMO_LIMIT, VALUE_LIMIT

__all__ = [
    "CODER_CONNECTION_LIMIT",
    "CODER_PAYLOAD_LIMIT",
    "CODER_SCHEMA_PREFIX",
    "CODER_SETTINGS",
    "CODER_WRITES",
    "ID_RANGE_BASE",
    "ID_RANGE_SEQUENCE_PREFIX",
    "ID_RANGE_SIZE",
    "LEAD_HEADROOM",
    "LEAD_SETTINGS",
    "MEMO_CHECK",
    "OWN_ROW_TABLES",
    "PAYLOAD_CHECK",
    "RANGED_TABLES",
    "RANGE_SLOTS",
    "SHARED_EVENT_ENTITIES",
    "SPAN_CHECK",
    "VALUE_CHECK",
    "HardeningError",
    "Person",
    "coder_schema",
    "drop_coder_views",
    "harden_tables",
    "hardening_problems",
    "id_range",
    "person_access",
]

# Tables whose rows belong to one coder: row-level security decides who sees and writes them,
# and coders reach them only through their own views.
OWN_ROW_TABLES = ("segments", "variable_values", "assignments", "events")
# Journal entries every coder may read (when a lead wrote them): what changed in shared things.
SHARED_EVENT_ENTITIES = ("code", "codebook", "variable", "article")
_WRITE = ("INSERT", "UPDATE", "DELETE")
# What a coder may write, through their own views only; everything else they may only read.
CODER_WRITES: dict[str, tuple[str, ...]] = {
    "segments": _WRITE,
    "variable_values": _WRITE,
    "assignments": _WRITE,
    # Not article_words: a shared cache without row-level security that every coder reads, so
    # a coder's row could mislead everyone (corpus.segmentation computes in memory instead).
    "events": ("INSERT",),  # the journal is append-only
}
# Tables whose new coder rows take ids from the coder's own range (not the journal: its order).
RANGED_TABLES = ("segments", "variable_values", "assignments")

CODER_SCHEMA_PREFIX = "articoder_coder_"
ID_RANGE_BASE = 2**30  # below: the tables' own sequences (leads, imports, merges)
ID_RANGE_SIZE = 2**21  # ids per coder and table: 2,097,152
RANGE_SLOTS = (2**31 - ID_RANGE_BASE) // ID_RANGE_SIZE  # 512 ranges: INTEGER ids end at 2^31

CODER_PAYLOAD_LIMIT = 16_000_000  # characters of a coder's journal payload (as JSON text)

CODER_CONNECTION_LIMIT = 8
LEAD_HEADROOM = 10  # connections the coders together must leave for leads
CODER_SETTINGS = {
    "lock_timeout": "5s",
    "statement_timeout": "60s",
    "idle_in_transaction_session_timeout": "60s",
}
# Leads run long exports and imports: no statement timeout, but no endless wait for a lock.
LEAD_SETTINGS = {"lock_timeout": "10s", "idle_in_transaction_session_timeout": "10min"}
_ALL_SETTINGS = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")

# pg_class columns that count a table's rows or pages; the others stay readable by everyone
# (SQLAlchemy's reflection, psql's \d and the server's own functions read them).
_COUNTING_CLASS_COLUMNS = ("reltuples", "relpages", "relallvisible")
# Functions that tell a relation's or the database's size.
_SIZE_FUNCTIONS = (
    "pg_relation_size",
    "pg_table_size",
    "pg_indexes_size",
    "pg_total_relation_size",
    "pg_database_size",
    "pg_tablespace_size",
)
# What presence reads (team.presence): who is connected. Its function stays executable too.
_KEPT_STAT_VIEWS = ("pg_stat_activity",)
_KEPT_STAT_FUNCTIONS = ("pg_stat_get_activity",)


class HardeningError(Exception):
    """A person cannot be given their own views and id ranges (team.server reports it)."""


@dataclass(frozen=True)
class Person:
    """A person's login as this module needs it."""

    coder_id: int
    role: str
    is_lead: bool


def _q(connection: Connection, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote_identifier(name))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ddl(connection: Connection, statement: str) -> None:
    # The driver reads % as the start of a placeholder even without parameters; format('%I')
    # and RAISE's % must reach the server as they are.
    connection.exec_driver_sql(statement.replace("%", "%%"))


def coder_schema(coder_id: int) -> str:
    """The schema holding one coder's views."""
    return f"{CODER_SCHEMA_PREFIX}{coder_id}"


def _sequence_name(table: str, coder_id: int) -> str:
    return f"{ID_RANGE_SEQUENCE_PREFIX}{table}_{coder_id}"


def id_range(connection: Connection, schema: str, table: str, coder_id: int) -> tuple[int, int]:
    """The first and last id of a coder's own range for a table ((0, -1): none yet)."""
    found = connection.execute(
        text(
            "SELECT s.seqmin, s.seqmax FROM pg_catalog.pg_sequence s "
            "WHERE s.seqrelid = pg_catalog.to_regclass(:q)"
        ),
        {"q": f"{_q(connection, schema)}.{_q(connection, _sequence_name(table, coder_id))}"},
    ).first()
    return (0, -1) if found is None else (int(found[0]), int(found[1]))


def _free_range(connection: Connection, schema: str, table: str) -> tuple[int, int]:
    """The lowest range of ids not yet given to a coder for this table."""
    taken = set(
        connection.execute(
            text(
                "SELECT s.seqmin FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c "
                "ON c.oid = s.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :s AND c.relname LIKE :p"
            ),
            {"s": schema, "p": _sequence_name(table, 0)[:-1].replace("_", "\\_") + "%"},
        ).scalars()
    )
    # Slot 0 would start at ID_RANGE_BASE itself; ranges start one slot above, so an id just
    # past the tables' own sequences is never a coder's.
    for slot in range(1, RANGE_SLOTS):
        first = ID_RANGE_BASE + slot * ID_RANGE_SIZE
        if first not in taken:
            return first, first + ID_RANGE_SIZE - 1
    raise HardeningError(
        f"every one of the {RANGE_SLOTS - 1} id ranges of {table} is given to a coder already"
    )


def _columns(connection: Connection, schema: str, table: str) -> list[tuple[str, str]]:
    """A table's columns in their order, with their types: the rows the functions return."""
    rows = connection.execute(
        text(
            "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) "
            "FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass(:t) "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
        ),
        {"t": f"{_q(connection, schema)}.{_q(connection, table)}"},
    ).all()
    return [(str(name), str(kind)) for name, kind in rows]


def _present(connection: Connection, schema: str, tables: Iterable[str]) -> list[str]:
    return [
        table
        for table in tables
        if connection.execute(
            text("SELECT pg_catalog.to_regclass(:t)"),
            {"t": f"{_q(connection, schema)}.{_q(connection, table)}"},
        ).scalar()
        is not None
    ]


# -- the tables: indexes, limits, the functions behind the coders' views -----------------------


def harden_tables(
    connection: Connection, schema: str, lead_group: str, coder_group: str, superuser: bool
) -> None:
    """Everything of this module that belongs to the project, not to a person (idempotent)."""
    q = _q(connection, schema)
    for table in _present(connection, schema, OWN_ROW_TABLES):
        index = f"articoder_{table}_coder"
        found = connection.execute(
            text("SELECT pg_catalog.to_regclass(:i)"), {"i": f"{q}.{_q(connection, index)}"}
        ).scalar()
        if found is None:
            # The functions find a coder's rows by it: work (and pages read) in proportion to
            # the coder's own rows, not to everyone's.
            _ddl(
                connection,
                f"CREATE INDEX {_q(connection, index)} ON {q}.{_q(connection, table)} (coder_id)",
            )
    _check_constraint(
        connection, schema, "segments", MEMO_CHECK, f"pg_catalog.length(memo) <= {MEMO_LIMIT}"
    )
    _check_constraint(
        connection,
        schema,
        "variable_values",
        VALUE_CHECK,
        f"pg_catalog.length(value) <= {VALUE_LIMIT}",
    )
    groups = f"{_q(connection, lead_group)}, {_q(connection, coder_group)}"
    for table in _present(connection, schema, OWN_ROW_TABLES):
        _rows_function(connection, schema, table)
        _write_function(connection, schema, table)
        reader = f"{q}.articoder_rows_{table}()"
        _ddl(connection, f"REVOKE ALL ON FUNCTION {reader} FROM PUBLIC")
        # A view's functions are called with the rights of whoever reads the view.
        _ddl(connection, f"GRANT EXECUTE ON FUNCTION {reader} TO {groups}")
        writer = f"{q}.articoder_write_{table}()"
        _ddl(connection, f"REVOKE ALL ON FUNCTION {writer} FROM PUBLIC")
    if superuser:
        _close_catalogs(connection, lead_group)


def _check_constraint(
    connection: Connection, schema: str, table: str, name: str, condition: str
) -> None:
    exists = connection.execute(
        text(
            "SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = :n "
            "AND conrelid = pg_catalog.to_regclass(:t)"
        ),
        {"n": name, "t": f"{_q(connection, schema)}.{_q(connection, table)}"},
    ).first()
    if exists is None:
        # NOT VALID: new and changed rows are checked, the rows already there are not (a
        # project that predates the limit must not fail to set up).
        _ddl(
            connection,
            f"ALTER TABLE {_q(connection, schema)}.{_q(connection, table)} ADD CONSTRAINT "
            f"{_q(connection, name)} CHECK ({condition}) NOT VALID",
        )


_HEADER = "LANGUAGE plpgsql {volatility} SECURITY DEFINER SET search_path = pg_catalog, pg_temp"


def _rows_function(connection: Connection, schema: str, table: str) -> None:
    """`articoder_rows_<table>()`: the rows a coder may see, as the view of that name shows."""
    q = _q(connection, schema)
    t = f"{q}.{_q(connection, table)}"
    own = f"SELECT * FROM {t} WHERE coder_id = me"
    if table == "events":
        # The lead's shared entries, without their payload: it may count others' work.
        listed = ", ".join(
            f"'{{}}'::{kind}" if name == "payload" else f"e.{_q(connection, name)}"
            for name, kind in _columns(connection, schema, table)
        )
        entities = ", ".join(_literal(e) for e in SHARED_EVENT_ENTITIES)
        own += (
            f" UNION ALL SELECT {listed} FROM {t} e WHERE e.entity IN ({entities}) AND "
            f"(e.coder_id IS NULL OR e.coder_id IN (SELECT c.id FROM {q}.coders c "
            "WHERE c.is_lead AND c.id IS DISTINCT FROM me))"
        )
    body = (
        f"DECLARE me integer := {q}.articoder_coder_id(); "
        f"BEGIN IF {q}.articoder_blind() THEN RETURN QUERY {own}; "
        f"ELSE RETURN QUERY SELECT * FROM {t}; END IF; END"
    )
    _ddl(
        connection,
        f"CREATE OR REPLACE FUNCTION {q}.articoder_rows_{table}() RETURNS SETOF {t} "
        f"{_HEADER.format(volatility='STABLE')} AS $body${body}$body$",
    )


def _refuse(message: str, *arguments: str, code: str = "insufficient_privilege") -> str:
    listed = "".join(f", {a}" for a in arguments)
    return f"RAISE EXCEPTION {_literal(message)}{listed} USING ERRCODE = {_literal(code)};"


def _violation(condition: str, table: str, constraint: str) -> str:
    """Raise a check violation named like a constraint, so models.server_failures words it."""
    message = f"new row for relation {table} violates check constraint {constraint}"
    return (
        f"IF {condition} THEN RAISE EXCEPTION USING ERRCODE = 'check_violation', "
        f"CONSTRAINT = {_literal(constraint)}, MESSAGE = {_literal(message)}; END IF;"
    )


def _write_function(connection: Connection, schema: str, table: str) -> None:
    """`articoder_write_<table>()`: a coder's INSERT, UPDATE and DELETE on their view.

    It runs as the administrator (who may bypass row-level security), so it applies the
    policies' rules itself: only the coder's own rows, only ids of the coder's range.
    """
    q = _q(connection, schema)
    t = f"{q}.{_q(connection, table)}"
    columns = [name for name, _kind in _columns(connection, schema, table)]
    quoted = [_q(connection, c) for c in columns]
    not_own = _refuse(f'new row violates row-level security policy for table "{table}"')
    checks = ""
    if table == "segments":
        # What a coder's client computes, checked here: a span inside the article, and a
        # covered text of the span's length (so no text larger than the article is stored).
        checks = _violation(
            'NEW.start < 0 OR NEW."end" <= NEW.start '
            'OR pg_catalog.length(NEW.text) <> NEW."end" - NEW.start '
            f'OR NEW."end" > (SELECT a.chars FROM {q}.articles a WHERE a.id = NEW.article_id)',
            table,
            SPAN_CHECK,
        )
    if table == "events":
        checks = _violation(
            f"pg_catalog.length(NEW.payload::pg_catalog.text) > {CODER_PAYLOAD_LIMIT}",
            table,
            PAYLOAD_CHECK,
        )
    insert = (
        f"INSERT INTO {t} ({', '.join(quoted)}) "
        f"VALUES ({', '.join(f'NEW.{c}' for c in quoted)}) RETURNING * INTO NEW; RETURN NEW;"
    )
    if table in RANGED_TABLES:
        sequence = (
            f"pg_catalog.format('%I.%I', {_literal(schema)}, "
            f"{_literal(ID_RANGE_SEQUENCE_PREFIX + table + '_')} || me)::pg_catalog.regclass"
        )
        numbering = (
            f"IF NEW.id IS NULL THEN NEW.id := pg_catalog.nextval({sequence}); "
            "ELSIF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_sequence s WHERE s.seqrelid = "
            f"{sequence} AND NEW.id BETWEEN s.seqmin AND s.seqmax) THEN "
            + _refuse(
                f"permission denied for table {table}: id % is not one of the ids kept for "
                "your own rows",
                "NEW.id",
            )
            + " END IF;"
        )
        changes = ", ".join(
            f"{q_column} = NEW.{q_column}"
            for column, q_column in zip(columns, quoted, strict=True)
            if column != "id"
        )
        update = (
            "IF OLD.coder_id IS DISTINCT FROM me THEN RETURN NULL; END IF; "
            f"IF NEW.coder_id IS DISTINCT FROM me THEN {not_own} END IF; "
            "IF NEW.id IS DISTINCT FROM OLD.id THEN "
            + _refuse(f"permission denied for table {table}: the id of a row cannot change")
            + f" END IF; {checks} "
            f"UPDATE {t} SET {changes} WHERE id = OLD.id RETURNING * INTO NEW; "
            "IF NOT FOUND THEN RETURN NULL; END IF; RETURN NEW;"
        )
        remove = (
            "IF OLD.coder_id IS DISTINCT FROM me THEN RETURN NULL; END IF; "
            f"DELETE FROM {t} WHERE id = OLD.id; IF NOT FOUND THEN RETURN NULL; END IF; "
            "RETURN OLD;"
        )
        body = (
            f"DECLARE me integer := {q}.articoder_coder_id(); BEGIN "
            f"IF TG_OP = 'DELETE' THEN {remove} END IF; "
            f"IF TG_OP = 'UPDATE' THEN {update} END IF; "
            f"IF NEW.coder_id IS DISTINCT FROM me OR me IS NULL THEN {not_own} END IF; "
            f"{checks} {numbering} {insert} END"
        )
    else:  # the journal: append-only, numbered by its own sequence in the order of writing
        serial = connection.execute(
            text("SELECT pg_catalog.pg_get_serial_sequence(:t, 'id')"), {"t": t}
        ).scalar()
        journal = f"{_literal(str(serial))}::pg_catalog.regclass"
        numbering = (
            "IF NEW.id IS NOT NULL THEN "
            + _refuse(f"permission denied for table {table}: the server numbers journal entries")
            + f" END IF; NEW.id := pg_catalog.nextval({journal});"
        )
        # The view grants no UPDATE or DELETE; should someone grant them, still nothing changes.
        append_only = _refuse(f"permission denied for table {table}: the journal is append-only")
        body = (
            f"DECLARE me integer := {q}.articoder_coder_id(); BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {append_only} END IF; "
            f"IF NEW.coder_id IS DISTINCT FROM me OR me IS NULL THEN {not_own} END IF; "
            f"{checks} {numbering} {insert} END"
        )
    _ddl(
        connection,
        f"CREATE OR REPLACE FUNCTION {q}.articoder_write_{table}() RETURNS trigger "
        f"{_HEADER.format(volatility='VOLATILE')} AS $body${body}$body$",
    )


def _close_catalogs(connection: Connection, lead_group: str) -> None:
    """Revoke, in this database, what counts the project's rows from PUBLIC (see module doc)."""
    lead = _q(connection, lead_group)
    columns = connection.execute(
        text(
            "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = "
            "'pg_catalog.pg_class'::pg_catalog.regclass AND attnum > 0 AND NOT attisdropped "
            "ORDER BY attnum"
        )
    ).scalars()
    readable = ", ".join(
        _q(connection, str(c)) for c in columns if c not in _COUNTING_CLASS_COLUMNS
    )
    # Revoking the table's privilege drops the column grants too: a second run starts clean.
    _ddl(connection, "REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC")
    _ddl(connection, f"GRANT SELECT ({readable}) ON pg_catalog.pg_class TO PUBLIC")
    _ddl(connection, f"GRANT SELECT ON pg_catalog.pg_class TO {lead}")
    views = connection.execute(
        text(
            "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v' "
            "AND ((n.nspname = 'pg_catalog' AND c.relname LIKE 'pg\\_stat%' "
            "AND c.relname <> ALL (:kept)) OR c.relname LIKE 'pg\\_stat\\_statements%') "
            "ORDER BY 1"
        ),
        {"kept": list(_KEPT_STAT_VIEWS)},
    ).scalars()
    for view in views:
        _ddl(connection, f"REVOKE SELECT ON {view} FROM PUBLIC")
        _ddl(connection, f"GRANT SELECT ON {view} TO {lead}")
    functions = connection.execute(
        text(
            "SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text FROM pg_catalog.pg_proc p "
            "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE "
            "(n.nspname = 'pg_catalog' AND ((p.proname LIKE 'pg\\_stat\\_get\\_%' "
            "AND p.proname <> ALL (:kept)) OR p.proname = ANY (:sizes))) "
            "OR p.proname LIKE 'pg\\_stat\\_statements%' ORDER BY 1"
        ),
        {"kept": list(_KEPT_STAT_FUNCTIONS), "sizes": list(_SIZE_FUNCTIONS)},
    ).scalars()
    for function in functions:
        _ddl(connection, f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        _ddl(connection, f"GRANT EXECUTE ON FUNCTION {function} TO {lead}")


# -- a person: their views, id ranges, limits and timeouts ---------------------------------------


def person_access(connection: Connection, schema: str, database: str, person: Person) -> None:
    """Give a person what their kind of role gets (see the module docstring); idempotent."""
    role = _q(connection, person.role)
    in_database = f"ALTER ROLE {role} IN DATABASE {_q(connection, database)}"
    own = _q(connection, coder_schema(person.coder_id))
    if person.is_lead:
        # A coder made lead reads the tables themselves again.
        _ddl(connection, f"DROP SCHEMA IF EXISTS {own} CASCADE")
        _ddl(connection, f"{in_database} RESET search_path")
        for name in _ALL_SETTINGS:
            if name in LEAD_SETTINGS:
                _ddl(connection, f"{in_database} SET {name} = {_literal(LEAD_SETTINGS[name])}")
            else:
                _ddl(connection, f"{in_database} RESET {name}")
        _ddl(connection, f"ALTER ROLE {role} CONNECTION LIMIT -1")
        return
    q = _q(connection, schema)
    for table in _present(connection, schema, RANGED_TABLES):
        if id_range(connection, schema, table, person.coder_id)[0]:
            continue  # a range once given stays: the coder's rows hold its ids
        first, last = _free_range(connection, schema, table)
        sequence = _q(connection, _sequence_name(table, person.coder_id))
        # Owned by the administrator, granted to nobody: only the write trigger draws from it.
        _ddl(
            connection,
            f"CREATE SEQUENCE {q}.{sequence} AS integer MINVALUE {first} MAXVALUE {last} "
            f"START WITH {first} NO CYCLE",
        )
        _ddl(connection, f"REVOKE ALL ON SEQUENCE {q}.{sequence} FROM PUBLIC")
    _ddl(connection, f"CREATE SCHEMA IF NOT EXISTS {own}")
    _ddl(connection, f"REVOKE ALL ON SCHEMA {own} FROM PUBLIC")
    _ddl(connection, f"GRANT USAGE ON SCHEMA {own} TO {role}")
    for table in _present(connection, schema, OWN_ROW_TABLES):
        view = f"{own}.{_q(connection, table)}"
        # Dropped and made again: the table may have gained columns since (an upgrade).
        _ddl(connection, f"DROP VIEW IF EXISTS {view}")
        _ddl(connection, f"CREATE VIEW {view} AS SELECT * FROM {q}.articoder_rows_{table}()")
        # For every kind of write, granted or not: without a trigger PostgreSQL says the view
        # cannot be changed at all instead of "permission denied".
        _ddl(
            connection,
            f"CREATE TRIGGER articoder_write INSTEAD OF INSERT OR UPDATE OR DELETE ON {view} "
            f"FOR EACH ROW EXECUTE FUNCTION {q}.articoder_write_{table}()",
        )
        writes = CODER_WRITES[table]
        _ddl(connection, f"GRANT SELECT, {', '.join(writes)} ON {view} TO {role}")
    _ddl(connection, f"{in_database} SET search_path = {own}, {q}")
    for name, value in CODER_SETTINGS.items():
        _ddl(connection, f"{in_database} SET {name} = {_literal(value)}")
    _ddl(connection, f"ALTER ROLE {role} CONNECTION LIMIT {CODER_CONNECTION_LIMIT}")


def drop_coder_views(connection: Connection) -> list[str]:
    """Drop every coder's schema of views (before an upgrade); the schemas dropped.

    A view pins the columns of its table: a migration could not drop or retype one. The next
    `person_access` makes them again, from the upgraded tables.
    """
    schemas = list(
        connection.execute(
            text("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE :p ORDER BY 1"),
            {"p": CODER_SCHEMA_PREFIX.replace("_", "\\_") + "%"},
        ).scalars()
    )
    for schema in schemas:
        _ddl(connection, f"DROP SCHEMA {_q(connection, str(schema))} CASCADE")
    return [str(schema) for schema in schemas]


# -- what `server status` checks --------------------------------------------------------------


def _role_settings(connection: Connection, role: str) -> dict[str, str]:
    rows = connection.execute(
        text(
            "SELECT pg_catalog.unnest(s.setconfig) FROM pg_catalog.pg_db_role_setting s "
            "JOIN pg_catalog.pg_roles r ON r.oid = s.setrole "
            "JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase "
            "WHERE r.rolname = :r AND d.datname = pg_catalog.current_database()"
        ),
        {"r": role},
    ).scalars()
    settings = {}
    for entry in rows:
        name, _sep, value = str(entry).partition("=")
        settings[name] = value
    return settings


def _person_problems(connection: Connection, schema: str, person: Person) -> list[str]:
    problems = []
    settings = _role_settings(connection, person.role)
    limit = connection.execute(
        text("SELECT rolconnlimit FROM pg_catalog.pg_roles WHERE rolname = :r"),
        {"r": person.role},
    ).scalar()
    wanted = LEAD_SETTINGS if person.is_lead else CODER_SETTINGS
    for name, value in wanted.items():
        if settings.get(name) != value:
            problems.append(f"{person.role} has no {name} of {value} in this database")
    if person.is_lead:
        return problems
    if limit != CODER_CONNECTION_LIMIT:
        problems.append(f"{person.role} may hold {limit} connections, not {CODER_CONNECTION_LIMIT}")
    own = coder_schema(person.coder_id)
    if not settings.get("search_path", "").startswith(own):
        problems.append(f"{person.role} does not read through its own views (search_path)")
    for table in _present(connection, schema, RANGED_TABLES):
        if not id_range(connection, schema, table, person.coder_id)[0]:
            problems.append(f"{person.role} has no range of ids of its own for {table}")
    for table in _present(connection, schema, OWN_ROW_TABLES):
        view = f"{_q(connection, own)}.{_q(connection, table)}"
        triggers = connection.execute(
            text(
                "SELECT pg_catalog.count(*) FROM pg_catalog.pg_trigger "
                "WHERE tgrelid = pg_catalog.to_regclass(:v) AND tgname = 'articoder_write'"
            ),
            {"v": view},
        ).scalar()
        readable = (
            triggers
            and connection.execute(
                text("SELECT pg_catalog.has_table_privilege(:r, :v, 'SELECT')"),
                {"r": person.role, "v": view},
            ).scalar()
        )
        if not readable:
            problems.append(f"{person.role} has no view {own}.{table} of its own rows")
    return problems


def hardening_problems(
    connection: Connection,
    schema: str,
    lead_group: str,
    coder_group: str,
    people: Sequence[Person],
) -> list[str]:
    """What is missing of this module's rules, one sentence each (`server status`)."""
    problems = []
    for table in _present(connection, schema, OWN_ROW_TABLES):
        for function in (f"articoder_rows_{table}()", f"articoder_write_{table}()"):
            found = connection.execute(
                text("SELECT pg_catalog.to_regprocedure(:f)"), {"f": f"{schema}.{function}"}
            ).scalar()
            if found is None:
                problems.append(f"the function {function} is missing")
    sequences = connection.execute(
        text(
            "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind = 'S' AND "
            "(pg_catalog.has_sequence_privilege(:coder, c.oid, 'SELECT') OR "
            "pg_catalog.has_sequence_privilege(:coder, c.oid, 'USAGE')) ORDER BY 1"
        ),
        {"s": schema, "coder": coder_group},
    ).scalars()
    problems += [
        f"the coder group may read or draw from the sequence {s} (it must not)" for s in sequences
    ]
    counting = connection.execute(
        text(
            "SELECT pg_catalog.has_column_privilege(:c, 'pg_catalog.pg_class', 'reltuples', "
            "'SELECT') OR pg_catalog.has_table_privilege(:c, 'pg_catalog.pg_stat_user_tables', "
            "'SELECT') OR pg_catalog.has_function_privilege(:c, "
            "'pg_catalog.pg_stat_get_live_tuples(oid)', 'EXECUTE') OR "
            "pg_catalog.has_function_privilege(:c, 'pg_catalog.pg_relation_size(regclass)', "
            "'EXECUTE')"
        ),
        {"c": coder_group},
    ).scalar()
    if counting:
        problems.append(
            "coders may read row counts of the project's tables from the catalogs "
            "(pg_class.reltuples, pg_stat_*, the size functions): run `articoder server init` "
            "again as a superuser (only a superuser may revoke them)"
        )
    coders = [p for p in people if not p.is_lead]
    max_connections, reserved = (
        int(value)
        for value in connection.execute(
            text(
                "SELECT pg_catalog.current_setting('max_connections'), "
                "pg_catalog.current_setting('superuser_reserved_connections')"
            )
        ).one()
    )
    if len(coders) * CODER_CONNECTION_LIMIT + LEAD_HEADROOM > max_connections - reserved:
        problems.append(
            f"{len(coders)} coders may hold {CODER_CONNECTION_LIMIT} connections each, which "
            f"leaves fewer than {LEAD_HEADROOM} of the server's {max_connections - reserved} "
            "for leads: raise max_connections"
        )
    for person in people:
        problems += _person_problems(connection, schema, person)
    return problems
