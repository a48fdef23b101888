"""A shared PostgreSQL server: the schema, one role per person, and rules the database enforces.

`init_server(url, lead, coders)` runs with an administrator's URL (a superuser, or a role with
CREATEROLE that owns the database). It creates the schema (the migrations), two NOLOGIN group
roles named after the database, because roles are cluster-wide (`<db>_lead`, `<db>_coder`),
a LOGIN role per person (`<db>_u_<name>`: the marker and a name never ending in `_lead` or
`_coder` keep it from ever being another database's group role) with a `coders` row whose
`db_role` names it, and:

- privileges: the lead group may do everything on the project's tables and sequences; the
  coder group may read every other table, and nothing at all on the four tables of own rows
  (segments, values, assignments, the journal `events`) nor on any sequence: a coder reads and
  writes their own rows through views of the same names in a schema of their own, which
  write only segments, values and assignments and only append to the journal
  (team.server_hardening: views over SECURITY DEFINER functions, so that blind mode leaks
  no count of the others' work, and id ranges per coder). Nothing that changes the codebook
  (codes, variables, choices, dictionary), the project row (settings, blind mode), coders,
  articles or the word-boundary cache (`article_words`: shared and without row-level security,
  so only leads fill it; a coder computes boundaries in memory, corpus.segmentation).
- nobody but the administrator may create objects in the project's schema: CREATE is revoked
  from PUBLIC (PostgreSQL <= 14 granted it, and upgraded clusters keep it), the groups and every
  person. A function planted there could otherwise win over a built-in one (an exact argument
  type beats pg_catalog's) and run with the administrator's rights the next time init runs.
  Every statement run with the administrator's URL pins `search_path` to pg_catalog and the
  project schema and names built-in functions as `pg_catalog.f(...)`; a function or operator in
  the schema owned by anyone but a superuser, the database's or schema's owner, the owner of
  the project's tables or the administrator stops init and add_coder (the administrator checks
  and drops it) and is reported by `server_status`.
- row-level security, ENABLEd and FORCEd (so the owner is held to it too) on segments,
  variable_values, assignments and events: a coder sees and writes only rows of its own coder
  id while the project is blind (`project.settings->>'blind'`, on unless false), sees everyone's
  but still writes only its own when not blind; the lead (a member of the lead group, the
  owner of the database or of the tables, or a superuser) sees and changes everything. Journal
  entries of the codebook and articles written by a lead (or by a command without a coder) are
  shared with everyone.
- limits that keep one coder from stalling or flooding the others (team.server_hardening):
  lock, statement and idle-in-transaction timeouts and a connection limit per coder role,
  lock and idle timeouts for leads, CHECK constraints on a memo's and a value's length, and
  the catalogs that count rows (pg_class.reltuples, pg_stat_*, sizes) closed to coders.
- three small SQL functions the policies call once per statement: `articoder_coder_id()`
  (the coders.id whose db_role is the session's login role), `articoder_is_lead()` and
  `articoder_blind()`. They are SECURITY DEFINER with a fixed `search_path` (pg_catalog, then
  pg_temp last) and name every table with its schema, so a coder cannot shadow `coders` with a
  temporary table of its own; EXECUTE is granted to the two groups only.

Everything after the schema happens in one transaction (PostgreSQL's role and policy commands
are transactional), under an advisory lock, and running it again is safe: existing roles and
rows are kept, privileges are revoked and granted afresh, policies replaced. Passwords are
generated (or given), set as a SCRAM verifier computed by the client (the plain password never
reaches the server's logs) and returned once; they are stored nowhere. After `articoder
upgrade` adds tables, run init again so the groups get privileges on them.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from models.database import (
    APPLICATION_NAME,
    ProjectError,
    _stored_revision,
    create_project,
    head_revision,
    known_revisions,
    make_engine,
    open_project,
    to_url,
)
from models.entities import Base, Coder, utcnow
from models.ids import new_guid
from models.server_failures import describe_postgres_error
from team.server_hardening import (
    OWN_ROW_TABLES,
    SHARED_EVENT_ENTITIES,
    HardeningError,
    Person,
    drop_coder_views,
    harden_tables,
    hardening_problems,
    person_access,
)

__all__ = [
    "Login",
    "PersonStatus",
    "RoleNames",
    "ServerError",
    "ServerSetup",
    "ServerStatus",
    "add_coder",
    "init_server",
    "read_password_file",
    "role_names",
    "server_status",
]

_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
_LOCK = "articoder-server-roles"
# How long the administrator's commands wait for a lock (a person's unfinished transaction).
ADMIN_LOCK_TIMEOUT = "30s"
ROLE_NAME_LIMIT = 63  # bytes; role names here are ASCII
PERSON_MARKER = "u"  # person roles are <prefix>_u_<name>
GROUP_SUFFIXES = ("_lead", "_coder")  # group roles are <prefix>_lead and <prefix>_coder


class ServerError(ProjectError):
    """The server cannot be set up as asked; the message says why and what to do."""


@dataclass(frozen=True)
class RoleNames:
    """The roles of one project database: names scoped by the database's name."""

    database: str
    prefix: str
    lead: str
    coder: str


def role_names(database: str) -> RoleNames:
    """The group role names of a project database (roles are shared by the whole cluster).

    A database name that is not already a short lower-case identifier gets a hash of the
    real name added, so that "Proj-1" and "proj_1" never share group roles.
    """
    slug = re.sub(r"[^a-z0-9]+", "_", database.lower()).strip("_")
    prefix = slug
    if slug != database or len(slug) > 40:
        digest = hashlib.sha256(database.encode()).hexdigest()[:8]
        prefix = f"{slug[:31]}_{digest}" if slug else f"articoder_{digest}"
    return RoleNames(database, prefix, f"{prefix}_lead", f"{prefix}_coder")


@dataclass(frozen=True)
class Login:
    """A person's login: their role and, when just made or set, the password and URL (once)."""

    name: str
    role: str
    is_lead: bool
    created: bool  # the role was made now (False: it existed and was kept)
    password: str | None  # None: unchanged, not known here
    url: str  # the connection URL for this person (with the password when known)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return asdict(self)


@dataclass(frozen=True)
class ServerSetup:
    """What `init_server` made or found."""

    database: str
    lead_group: str
    coder_group: str
    schema: str
    created_schema: bool
    upgraded_from: str | None
    logins: list[Login]

    def as_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {**asdict(self), "logins": [login.as_json() for login in self.logins]}


@dataclass(frozen=True)
class PersonStatus:
    """A coder of the project and the state of their role."""

    name: str
    is_lead: bool
    role: str | None
    role_exists: bool
    can_login: bool
    in_group: bool  # a member of the lead or coder group, as is_lead says
    connections: int  # open articoder connections of this role (pg_stat_activity)


@dataclass
class ServerStatus:
    """Roles, coders and privileges of a server project, with every problem found."""

    database: str
    schema: str | None
    lead_group: str
    coder_group: str
    people: list[PersonStatus] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {**asdict(self), "ok": self.ok}


def read_password_file(path: Path) -> dict[str, str]:
    """Passwords given for people, one `NAME=PASSWORD` a line (# comments, blank lines)."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServerError(f"{path}: cannot be read ({exc})") from exc
    passwords: dict[str, str] = {}
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, password = line.partition("=")
        name = name.strip()
        if not sep or not name or not password:
            raise ServerError(f"{path}, line {number}: expected NAME=PASSWORD")
        if "\x00" in password:
            raise ServerError(f"{path}, line {number}: the password holds a NUL character")
        if name in passwords:
            raise ServerError(f"{path}, line {number}: a second password for {name}")
        passwords[name] = password
    return passwords


# -- helpers ----------------------------------------------------------------------------------


def _server_url(target: str) -> str:
    url = to_url(target)
    shown = make_url(url).render_as_string()  # a password in the URL is shown as ***
    if make_url(url).get_backend_name() != "postgresql":
        raise ServerError(
            f"{shown}: a shared server needs a PostgreSQL URL "
            "(postgresql+psycopg://ADMIN@HOST:PORT/DATABASE)"
        )
    if not make_url(url).database:
        raise ServerError(f"{shown}: the URL names no database; add /DATABASE at its end")
    return url


def _quote(connection: Connection, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote_identifier(name))


def _pin_search_path(connection: Connection) -> str:
    """The project schema; this transaction then resolves names in pg_catalog and it only.

    pg_catalog comes first, and no other schema (one where people may create objects) is
    searched; built-in functions are still called as pg_catalog.f(...) everywhere here,
    because an overload with a closer argument type in the project schema would win over
    pg_catalog's even from behind it.
    """
    schema = connection.execute(text("SELECT pg_catalog.current_schema()")).scalar()
    if schema is None:
        raise ServerError(
            "no schema of the search_path exists in this database; create one, or set "
            "search_path for the administrator"
        )
    connection.exec_driver_sql(
        f"SET LOCAL search_path = pg_catalog, {_quote(connection, str(schema))}, pg_temp"
    )
    return str(schema)


def _lock(connection: Connection) -> None:
    connection.execute(
        text("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext(:k))"), {"k": _LOCK}
    )


def _planted(connection: Connection, schema: str) -> list[str]:
    """Functions and operators in the schema owned by someone the administrator does not trust.

    Trusted owners: superusers, the database's owner, the schema's owner, the owner of the
    project's tables and the administrator. Anything else (a coder's or a lead's function) could
    shadow a built-in that articoder calls with the administrator's rights.
    """
    found = connection.execute(
        text(
            "WITH trusted AS ("
            " SELECT r.oid FROM pg_catalog.pg_roles r"
            " WHERE r.rolsuper OR r.rolname = current_user"
            " UNION SELECT d.datdba FROM pg_catalog.pg_database d"
            " WHERE d.datname = pg_catalog.current_database()"
            " UNION SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = :s"
            " UNION SELECT c.relowner FROM pg_catalog.pg_class c"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = :s AND c.relname = 'alembic_version'), "
            "found AS ("
            " SELECT 'function ' || p.oid::pg_catalog.regprocedure::pg_catalog.text AS what,"
            " p.proowner AS owner FROM pg_catalog.pg_proc p"
            " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s"
            " UNION ALL"
            " SELECT 'operator ' || o.oid::pg_catalog.regoperator::pg_catalog.text, o.oprowner"
            " FROM pg_catalog.pg_operator o"
            " JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace WHERE n.nspname = :s) "
            "SELECT what || ' (owned by ' || pg_catalog.pg_get_userbyid(owner) || ')' FROM found "
            "WHERE owner NOT IN (SELECT oid FROM trusted) ORDER BY 1"
        ),
        {"s": schema},
    )
    return [str(row) for row in found.scalars()]


def _refuse_planted(connection: Connection, schema: str) -> None:
    planted = _planted(connection, schema)
    if planted:
        raise ServerError(
            f"schema {schema} holds {'; '.join(planted)}, made by none of the administrators: "
            "someone with a login may have planted it to run with your rights when articoder "
            "calls a built-in function, so this stopped before granting anything; check it, "
            "drop it (DROP FUNCTION / DROP OPERATOR), then run the command again"
        )


def _schema_creators(connection: Connection, schema: str, roles: Iterable[str]) -> list[str]:
    """Which of these roles ("public": everyone) may create objects in the schema."""
    creators = []
    for role in roles:
        if role != "public" and not _role_exists(connection, role):
            continue
        may = connection.execute(
            text("SELECT pg_catalog.has_schema_privilege(:r, :s, 'CREATE')"),
            {"r": role, "s": schema},
        ).scalar()
        if may:
            creators.append("PUBLIC" if role == "public" else role)
    return creators


def _close_schema(connection: Connection, schema: str, roles: Iterable[str]) -> None:
    """Revoke CREATE on the schema from PUBLIC and these roles; refuse if PUBLIC keeps it."""
    present = [r for r in roles if _role_exists(connection, r)]
    grantees = ", ".join(["PUBLIC", *(_quote(connection, r) for r in present)])
    connection.exec_driver_sql(
        f"REVOKE CREATE ON SCHEMA {_quote(connection, schema)} FROM {grantees}"
    )
    still = _schema_creators(connection, schema, ["public", *present])
    if still:
        # A non-superuser administrator cannot revoke what the schema's owner granted.
        raise ServerError(
            f"{', '.join(still)} may still create objects in schema {schema}, and a function "
            "planted there could run with an administrator's rights: ask a superuser to run "
            f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC, then run init again"
        )


def _admin(connection: Connection, url: str) -> None:
    row = connection.execute(
        text("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).one()
    if not (row[0] or row[1]):
        user = make_url(url).username or "this role"
        raise ServerError(
            f"{user} may not create roles: use the URL of a superuser, or of a role with "
            "CREATEROLE that owns the database"
        )


def _role_exists(connection: Connection, role: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.first() is not None


def _is_member(connection: Connection, role: str, group: str) -> bool:
    found = connection.execute(
        text(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = :g AND r.rolname = :r"
        ),
        {"g": group, "r": role},
    )
    return found.first() is not None


def _set_password(connection: Connection, role: str, password: str) -> None:
    # libpq computes the verifier (SCRAM by the server's password_encryption setting), so the
    # plain password is never sent, and never appears in a server log.
    raw: Any = connection.connection.dbapi_connection
    secret = password
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is not None:
        secret = pgconn.encrypt_password(password.encode(), role.encode()).decode()
    literal = "'" + secret.replace("'", "''") + "'"
    connection.exec_driver_sql(f"ALTER ROLE {_quote(connection, role)} PASSWORD {literal}")


def _login_url(url: str, role: str, password: str | None) -> str:
    return make_url(url).set(username=role, password=password).render_as_string(False)


def _tables(connection: Connection, schema: str) -> list[str]:
    wanted = [*Base.metadata.tables, "alembic_version"]
    present = set(
        connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars()
    )
    return [t for t in wanted if t in present]


def _sequences(connection: Connection, schema: str, tables: Iterable[str]) -> dict[str, str]:
    """Table -> its id sequence (schema-qualified), for tables with a serial id."""
    sequences: dict[str, str] = {}
    for table in tables:
        entity = Base.metadata.tables.get(table)
        if entity is None or "id" not in entity.columns:
            continue
        name = connection.execute(
            text("SELECT pg_catalog.pg_get_serial_sequence(:t, 'id')"),
            {"t": f"{_quote(connection, schema)}.{_quote(connection, table)}"},
        ).scalar()
        if name:
            sequences[table] = str(name)
    return sequences


def _group_comment(names: RoleNames) -> str:
    return f"articoder groups of database {names.database}"


def _groups(connection: Connection, names: RoleNames) -> None:
    # The comment marks a group as ours: a role of that name made for something else is
    # refused rather than handed privileges on the project.
    comment = _group_comment(names)
    for group in (names.lead, names.coder):
        if not _role_exists(connection, group):
            connection.exec_driver_sql(f"CREATE ROLE {_quote(connection, group)} NOLOGIN")
            literal = "'" + comment.replace("'", "''") + "'"
            connection.exec_driver_sql(f"COMMENT ON ROLE {_quote(connection, group)} IS {literal}")
            continue
        found = connection.execute(
            text(
                "SELECT pg_catalog.shobj_description(oid, 'pg_authid'), rolcanlogin "
                "FROM pg_roles "
                "WHERE rolname = :r"
            ),
            {"r": group},
        ).one()
        if found[0] != comment or found[1]:
            # Roles are cluster-wide: it may be someone's login or another program's role, so
            # never suggest dropping it.
            raise ServerError(
                f"a role {group} exists and is not articoder's group role for database "
                f"{names.database}; it may be someone's login or another program's role, so "
                "leave it as it is and put this project in a database of another name"
            )


def _grant(connection: Connection, names: RoleNames, schema: str) -> None:
    q = _quote(connection, schema)
    lead, coder = _quote(connection, names.lead), _quote(connection, names.coder)
    tables = _tables(connection, schema)
    everything = ", ".join(f"{q}.{_quote(connection, t)}" for t in tables)
    connection.exec_driver_sql(
        f"GRANT CONNECT ON DATABASE {_quote(connection, names.database)} TO {lead}, {coder}"
    )
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {q} TO {lead}, {coder}")
    _close_schema(connection, schema, [names.lead, names.coder])
    # Revoke, then grant: a second run leaves exactly these privileges, whatever was changed.
    connection.exec_driver_sql(f"REVOKE ALL ON TABLE {everything} FROM {lead}, {coder}")
    connection.exec_driver_sql(f"GRANT ALL ON TABLE {everything} TO {lead}")
    # Not the tables of own rows: a coder reaches those only through their own views, since any
    # privilege on them lets EXPLAIN (ANALYZE) count everyone's rows (team.server_hardening).
    shared = ", ".join(f"{q}.{_quote(connection, t)}" for t in tables if t not in OWN_ROW_TABLES)
    connection.exec_driver_sql(f"GRANT SELECT ON TABLE {shared} TO {coder}")
    sequences = _sequences(connection, schema, tables)
    if sequences:
        # None for coders: a sequence's last value counts everyone's rows. Their views number
        # new rows (team.server_hardening).
        every_sequence = ", ".join(sequences.values())
        connection.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {every_sequence} FROM {lead}, {coder}")
        connection.exec_driver_sql(f"GRANT ALL ON SEQUENCE {every_sequence} TO {lead}")


def _functions(connection: Connection, names: RoleNames, schema: str) -> None:
    q = _quote(connection, schema)
    lead_group = names.lead.replace("'", "''")
    header = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$"
    bodies = {
        "articoder_coder_id() RETURNS integer": (
            f"SELECT id FROM {q}.coders WHERE db_role = session_user"
        ),
        "articoder_is_lead() RETURNS boolean": (
            f"SELECT pg_has_role(session_user, '{lead_group}', 'MEMBER') "
            "OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database "
            "WHERE datname = current_database()) "
            f"OR session_user = (SELECT pg_get_userbyid(relowner) FROM pg_class "
            f"WHERE oid = '{q}.segments'::regclass) "
            "OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)"
        ),
        "articoder_blind() RETURNS boolean": (
            f"SELECT coalesce((SELECT (settings->>'blind') IS DISTINCT FROM 'false' "
            f"FROM {q}.project ORDER BY id LIMIT 1), true)"
        ),
    }
    groups = f"{_quote(connection, names.lead)}, {_quote(connection, names.coder)}"
    for signature, body in bodies.items():
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {q}.{signature} {header} {body} $body$"
        )
        function = f"{q}.{signature.split(' RETURNS')[0]}"
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {groups}")


def _policies(connection: Connection, schema: str) -> None:
    q = _quote(connection, schema)
    # Sub-selects: each function runs once per statement (an InitPlan), not once per row.
    lead = f"(SELECT {q}.articoder_is_lead())"
    own = f"coder_id = (SELECT {q}.articoder_coder_id())"
    sees_all = f"NOT (SELECT {q}.articoder_blind())"
    entities = ", ".join(f"'{e}'" for e in SHARED_EVENT_ENTITIES)
    shared = (
        f"(entity IN ({entities}) AND (coder_id IS NULL OR coder_id IN "
        f"(SELECT id FROM {q}.coders WHERE is_lead)))"
    )
    for table in OWN_ROW_TABLES:
        t = f"{q}.{_quote(connection, table)}"
        connection.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
        connection.exec_driver_sql(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
        readable = f"{lead} OR {own} OR {sees_all}"
        if table == "events":
            readable += f" OR {shared}"
        policies = {
            "articoder_read": f"FOR SELECT USING ({readable})",
            "articoder_insert": f"FOR INSERT WITH CHECK ({lead} OR {own})",
            "articoder_update": f"FOR UPDATE USING ({lead} OR {own}) WITH CHECK ({lead} OR {own})",
            "articoder_delete": f"FOR DELETE USING ({lead} OR {own})",
        }
        if table == "events":  # append-only for coders: only a lead corrects the journal
            policies["articoder_update"] = f"FOR UPDATE USING ({lead}) WITH CHECK ({lead})"
            policies["articoder_delete"] = f"FOR DELETE USING ({lead})"
        for name, rule in policies.items():
            connection.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {t}")
            connection.exec_driver_sql(f"CREATE POLICY {name} ON {t} {rule}")


def _choose_role(connection: Connection, names: RoleNames, name: str, coder_id: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:20].strip("_")
    base = f"{names.prefix}_{PERSON_MARKER}_{slug or f'coder{coder_id}'}"
    taken = {names.lead, names.coder}
    suffixes = ["", f"_{coder_id}"] + [f"_{coder_id}_{n}" for n in range(2, 100)]
    # PostgreSQL would silently cut a longer name to 63 bytes: cut it ourselves, keeping the
    # suffix that makes it unique.
    candidates = [base[: ROLE_NAME_LIMIT - len(suffix)] + suffix for suffix in suffixes]
    for candidate in candidates:
        in_use = connection.execute(
            select(Coder.id).where(Coder.db_role == candidate, Coder.id != coder_id)
        ).first()
        # Group roles, of this database or any other, end in _lead or _coder: a person's role
        # never does, so no later database can find its group's name taken by a login.
        group_like = candidate.endswith(GROUP_SUFFIXES)
        if (
            candidate not in taken
            and not group_like
            and not in_use
            and not _role_exists(connection, candidate)
        ):
            return candidate
    raise ServerError(f"{name}: no free role name like {base}; add this person with another name")


def _person(
    connection: Connection,
    url: str,
    names: RoleNames,
    schema: str,
    name: str,
    is_lead: bool,
    password: str | None,
) -> Login:
    """The person's coders row and login role, made if missing, in the right group.

    `schema` is the project's (as `_pin_search_path` found it): current_schema() would say
    pg_catalog here, the first schema of the pinned search_path.
    """
    row = connection.execute(select(Coder.id, Coder.db_role).where(Coder.name == name)).first()
    if row is None:
        coder_id = connection.execute(
            insert(Coder)
            .values(guid=new_guid(), name=name, is_lead=is_lead, created_at=utcnow())
            .returning(Coder.id)
        ).scalar_one()
        role: str | None = None
    else:
        coder_id, role = int(row[0]), row[1]
    created = False
    if role is None or not _role_exists(connection, role):
        role = role or _choose_role(connection, names, name, coder_id)
        connection.exec_driver_sql(
            f"CREATE ROLE {_quote(connection, role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
            "INHERIT"
        )
        created = True
        password = password or secrets.token_urlsafe(18)
    connection.execute(
        update(Coder).where(Coder.id == coder_id).values(db_role=role, is_lead=is_lead)
    )
    group, other = (names.lead, names.coder) if is_lead else (names.coder, names.lead)
    if not _is_member(connection, role, group):
        connection.exec_driver_sql(
            f"GRANT {_quote(connection, group)} TO {_quote(connection, role)}"
        )
    if _is_member(connection, role, other):
        connection.exec_driver_sql(
            f"REVOKE {_quote(connection, other)} FROM {_quote(connection, role)}"
        )
    _close_schema(connection, schema, [role])
    try:
        person_access(connection, schema, names.database, Person(coder_id, role, is_lead))
    except HardeningError as exc:
        raise ServerError(f"{name}: {exc}") from exc
    if password is not None:
        _set_password(connection, role, password)
    return Login(name, role, is_lead, created, password, _login_url(url, role, password))


def _schema(engine: Engine, url: str, project_name: str | None) -> tuple[bool, str | None]:
    """Make the schema or bring it to this version: (created, upgraded from)."""
    stored = _stored_revision(engine)
    if stored is None:
        create_project(url, name=project_name).close()
        return True, None
    if stored == head_revision():
        return False, None
    if stored not in known_revisions():
        raise ServerError(f"{url}: made by a newer articoder (schema {stored}); update articoder")
    # Asked for explicitly by the administrator: not an upgrade behind anyone's back.
    open_project(url, upgrade_server=True).close()
    return False, stored


def _people(lead: str, coders: Iterable[str]) -> list[tuple[str, bool]]:
    people = [(lead.strip(), True)]
    for name in coders:
        name = name.strip()
        if name and name not in {p for p, _ in people}:
            people.append((name, False))
    if not people[0][0]:
        raise ServerError("the lead needs a name (--lead NAME)")
    return people


def _fail(url: str, exc: DBAPIError) -> ServerError:
    where = make_url(url).render_as_string()  # the password, if any, shown as ***
    # A lock held too long, say: the same sentence a window shows.
    described = None if exc.orig is None else describe_postgres_error(exc.orig, where)
    if described is not None:
        return ServerError(str(described))
    detail = (str(exc.orig).strip() or type(exc.orig).__name__).splitlines()[0]
    return ServerError(f"{where}: PostgreSQL could not do it ({detail})")


def _superuser(connection: Connection) -> bool:
    return bool(
        connection.execute(
            text("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")
        ).scalar()
    )


def _wait_for_locks_at_most(connection: Connection) -> None:
    # A person's unfinished transaction must not make the administrator wait for ever.
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{ADMIN_LOCK_TIMEOUT}'")


# -- the three commands -----------------------------------------------------------------------


def init_server(
    target: str,
    lead: str,
    coders: Iterable[str] = (),
    passwords: Mapping[str, str] | None = None,
    project_name: str | None = None,
) -> ServerSetup:
    """Set up (or bring up to date) a project database on a shared PostgreSQL server."""
    url = _server_url(target)
    people = _people(lead, coders)
    given = dict(passwords or {})
    unknown = sorted(set(given) - {name for name, _ in people})
    if unknown:
        raise ServerError(f"a password is given for {unknown[0]}, who is neither lead nor coder")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            schema = _pin_search_path(connection)
            _admin(connection, url)
            _refuse_planted(connection, schema)
            # Before the migrations: from here on nobody else can plant anything there.
            _close_schema(connection, schema, [])
            stored = _stored_revision_on(connection)
            if stored is not None and stored != head_revision() and stored in known_revisions():
                # The coders' views pin their tables' columns; they are made again below.
                _wait_for_locks_at_most(connection)
                drop_coder_views(connection)
        created, upgraded_from = _schema(engine, url, project_name)
        with engine.begin() as connection:
            schema = _pin_search_path(connection)
            _wait_for_locks_at_most(connection)
            _lock(connection)
            _refuse_planted(connection, schema)
            names = role_names(str(make_url(url).database))
            _groups(connection, names)
            _grant(connection, names, schema)
            _functions(connection, names, schema)
            _policies(connection, schema)
            harden_tables(connection, schema, names.lead, names.coder, _superuser(connection))
            logins = [
                _person(connection, url, names, schema, name, is_lead, given.get(name))
                for name, is_lead in people
            ]
    except DBAPIError as exc:
        raise _fail(url, exc) from exc
    finally:
        engine.dispose()
    return ServerSetup(
        names.database, names.lead, names.coder, schema, created, upgraded_from, logins
    )


def add_coder(target: str, name: str, lead: bool = False, password: str | None = None) -> Login:
    """Add a person (a coder, or another lead) to a server project set up by `init_server`."""
    url = _server_url(target)
    name = name.strip()
    if not name:
        raise ServerError("a coder needs a name")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            schema = _pin_search_path(connection)
            _admin(connection, url)
            _refuse_planted(connection, schema)
            names = role_names(str(make_url(url).database))
            ready = _stored_revision_on(connection) == head_revision() and all(
                _role_exists(connection, g) for g in (names.lead, names.coder)
            )
            if not ready:
                raise ServerError(
                    f"{make_url(url).render_as_string()}: not set up as a shared server yet; "
                    "run `articoder server init URL --lead NAME` first"
                )
            _wait_for_locks_at_most(connection)
            _lock(connection)
            # Again here: a server set up by an older articoder gets the coders' views' functions.
            harden_tables(connection, schema, names.lead, names.coder, _superuser(connection))
            return _person(connection, url, names, schema, name, lead, password)
    except DBAPIError as exc:
        raise _fail(url, exc) from exc
    finally:
        engine.dispose()


def _stored_revision_on(connection: Connection) -> str | None:
    exists = connection.execute(text("SELECT pg_catalog.to_regclass('alembic_version')")).scalar()
    if exists is None:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_privileges(
    connection: Connection, status: ServerStatus, schema: str, names: RoleNames
) -> None:
    for table in _tables(connection, schema):
        qualified = f"{_quote(connection, schema)}.{_quote(connection, table)}"
        for privilege in _PRIVILEGES:
            lead_has, coder_has = connection.execute(
                text(
                    "SELECT pg_catalog.has_table_privilege(:lead, :t, :p), "
                    "pg_catalog.has_table_privilege(:coder, :t, :p)"
                ),
                {"lead": names.lead, "coder": names.coder, "t": qualified, "p": privilege},
            ).one()
            coder_should = privilege == "SELECT" and table not in OWN_ROW_TABLES
            if not lead_has:
                status.problems.append(f"the lead group may not {privilege} {table}")
            if coder_has and not coder_should:
                status.problems.append(f"the coder group may {privilege} {table} (it must not)")
            if coder_should and not coder_has:
                status.problems.append(f"the coder group may not {privilege} {table}")
    for table in OWN_ROW_TABLES:
        enabled, forced, policies = connection.execute(
            text(
                "SELECT c.relrowsecurity, c.relforcerowsecurity, "
                "(SELECT pg_catalog.count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :s AND c.relname = :t"
            ),
            {"s": schema, "t": table},
        ).one()
        if not (enabled and forced):
            status.problems.append(f"row-level security is not enabled and forced on {table}")
        if policies != 4:
            status.problems.append(f"{table} has {policies} row-level security policies, not 4")
    for function in ("articoder_coder_id()", "articoder_is_lead()", "articoder_blind()"):
        found = connection.execute(
            text("SELECT pg_catalog.to_regprocedure(:f)"), {"f": f"{schema}.{function}"}
        ).scalar()
        if found is None:
            status.problems.append(f"the function {function} is missing")


def server_status(target: str) -> ServerStatus:
    """Who may connect, as what, who is connected now, and whether the rules are in place."""
    url = _server_url(target)
    names = role_names(str(make_url(url).database))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            schema = _pin_search_path(connection)
            revision = _stored_revision_on(connection)
            status = ServerStatus(names.database, revision, names.lead, names.coder)
            status.problems += [
                f"{what} in schema {schema} was made by none of the administrators; "
                "check it and drop it"
                for what in _planted(connection, schema)
            ]
            if revision is None:
                status.problems.append("no articoder project here; run `articoder server init`")
                return status
            if revision != head_revision():
                status.problems.append(
                    f"schema {revision}, not {head_revision()}: run `articoder server init` again"
                )
                return status
            groups = [g for g in (names.lead, names.coder) if not _role_exists(connection, g)]
            status.problems += [f"the group role {g} is missing" for g in groups]
            connected: dict[str, int] = {
                str(user): int(count)
                for user, count in connection.execute(
                    text(
                        "SELECT usename, pg_catalog.count(*) FROM pg_stat_activity WHERE "
                        "datname = pg_catalog.current_database() AND application_name = :a "
                        "GROUP BY usename"
                    ),
                    {"a": APPLICATION_NAME},
                )
            }
            rows = connection.execute(
                select(Coder.name, Coder.is_lead, Coder.db_role).order_by(Coder.name)
            ).all()
            for name, is_lead, role in rows:
                exists = role is not None and _role_exists(connection, role)
                login = exists and bool(
                    connection.execute(
                        text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": role}
                    ).scalar()
                )
                group = names.lead if is_lead else names.coder
                member = (
                    role is not None
                    and exists
                    and not groups
                    and _is_member(connection, role, group)
                )
                status.people.append(
                    PersonStatus(
                        name,
                        bool(is_lead),
                        role,
                        exists,
                        login,
                        member,
                        connected.get(role or "", 0),
                    )
                )
                if role is None:
                    status.problems.append(f"{name} has no database role (add-coder makes one)")
                elif not exists:
                    status.problems.append(f"{name}'s role {role} is missing")
                elif not member and not groups:
                    status.problems.append(f"{name}'s role {role} is not in {group}")
            roles = [names.lead, names.coder, *(role for _n, _l, role in rows if role)]
            status.problems += [
                f"{who} may create objects in schema {schema}: run `articoder server init` "
                "again (it revokes that)"
                for who in _schema_creators(connection, schema, ["public", *roles])
            ]
            if not groups:
                _check_privileges(connection, status, schema, names)
                people = [
                    Person(coder_id, role, bool(is_lead))
                    for coder_id, role, is_lead in connection.execute(
                        select(Coder.id, Coder.db_role, Coder.is_lead).order_by(Coder.name)
                    )
                    if role is not None and _role_exists(connection, role)
                ]
                status.problems += hardening_problems(
                    connection, schema, names.lead, names.coder, people
                )
    except DBAPIError as exc:
        raise _fail(url, exc) from exc
    finally:
        engine.dispose()
    return status
