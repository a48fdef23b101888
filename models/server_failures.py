"""What a PostgreSQL project does when the server, or someone on it, gets in the way.

The PostgreSQL counterpart of models.failures: `install_postgres_hooks(engine)` gives a
PostgreSQL engine (models.database.make_engine installs it) three things:

- `on_postgres_do_connect`: libpq's own timeouts, so no wait on the network is endless: a
  server that does not answer fails after `CONNECT_TIMEOUT_S` seconds, and TCP keepalives
  notice a server (or a network) that vanished under an open connection within about a
  minute. A value given in the URL wins.
- `on_postgres_connect`: every connection waits at most `DEFAULT_LOCK_TIMEOUT` for a lock and
  sits at most `DEFAULT_IDLE_IN_TRANSACTION` inside an unfinished transaction, unless the
  person's role already sets its own (`articoder server init` sets them per role, stricter for
  coders: team.server_hardening). Without a lock timeout, one person's `LOCK TABLE` made
  everyone else's commands hang with no message at all.
- `on_postgres_error`, the one place where the server's refusals that are not about
  privileges become a `ProjectError` of one or two sentences: a lock held by someone else
  for longer than the lock timeout (SQLSTATE 55P03; the message names who holds locks in the
  project, when that can be found), a command stopped by statement_timeout (57014), too many
  connections for a person's role or for the server (53300), a connection closed because it
  sat idle in a transaction (25P03), a text the server's CHECK constraints refuse (a memo or
  a value too long, a segment outside its article's text), an id range used up, and a NUL
  or an unpaired surrogate that psycopg cannot send (before: kilobytes of SQL and
  parameters in the message). A refusal of privileges (42501) is left to
  `models.database.not_allowed`, which knows the tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.pool import NullPool

from models.errors import ProjectError
from models.text_limits import MEMO_LIMIT, VALUE_LIMIT

__all__ = [
    "CONNECT_TIMEOUT_S",
    "DEFAULT_IDLE_IN_TRANSACTION",
    "DEFAULT_LOCK_TIMEOUT",
    "CommandTooLong",
    "ProjectLocked",
    "TextRefused",
    "TooManyConnections",
    "describe_postgres_error",
    "install_postgres_hooks",
    "lock_holders",
    "on_postgres_connect",
    "on_postgres_do_connect",
    "on_postgres_error",
]

# Names the server's defences (team.server_hardening) give their objects; the error hook
# recognises a refusal by them.
ID_RANGE_SEQUENCE_PREFIX = "articoder_ids_"  # a coder's own id sequences
MEMO_CHECK = "articoder_memo_size"
VALUE_CHECK = "articoder_value_size"
SPAN_CHECK = "articoder_segment_span"
PAYLOAD_CHECK = "articoder_payload_size"

CONNECT_TIMEOUT_S = 10
DEFAULT_LOCK_TIMEOUT = "10s"
DEFAULT_IDLE_IN_TRANSACTION = "10min"
# libpq keepalives: a dead peer is noticed after about idle + interval * count seconds.
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10}
_KEEPALIVE_COUNT = 3

# SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_LOCK_NOT_AVAILABLE = "55P03"
_QUERY_CANCELED = "57014"
_TOO_MANY_CONNECTIONS = "53300"
_IDLE_IN_TRANSACTION_TIMEOUT = "25P03"
_CHECK_VIOLATION = "23514"
_SEQUENCE_LIMIT = "2200H"
_CHARACTER_NOT_IN_REPERTOIRE = "22021"


class ProjectLocked(ProjectError):
    """Someone held a lock longer than the lock timeout; nothing of the command was stored."""


class CommandTooLong(ProjectError):
    """The server stopped a command (statement timeout) or a connection (idle in a transaction)."""


class TooManyConnections(ProjectError):
    """The person's role, or the whole server, has no connection left."""


class TextRefused(ProjectError):
    """A text the server cannot or may not store (too long, a NUL, a surrogate); nothing stored."""


def on_postgres_do_connect(
    _dialect: Any, _record: Any, _cargs: list[Any], cparams: dict[str, Any]
) -> None:
    """libpq timeouts for every new connection (see the module docstring)."""
    cparams.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    for name, value in _KEEPALIVES.items():
        cparams.setdefault(name, value)
    cparams.setdefault("keepalives_count", _KEEPALIVE_COUNT)


def on_postgres_connect(dbapi_connection: Any, _record: Any) -> None:
    """A lock timeout and an idle-in-transaction timeout, unless the role sets its own."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(
            "SELECT pg_catalog.current_setting('lock_timeout'), "
            "pg_catalog.current_setting('idle_in_transaction_session_timeout')"
        )
        lock, idle = cursor.fetchone()
        # "0" is PostgreSQL's "wait for ever": only then is ours set, so a role's own (stricter)
        # settings from `articoder server init` stay in force.
        if lock == "0":
            cursor.execute(f"SET lock_timeout = '{DEFAULT_LOCK_TIMEOUT}'")
        if idle == "0":
            cursor.execute(
                f"SET idle_in_transaction_session_timeout = '{DEFAULT_IDLE_IN_TRANSACTION}'"
            )
    finally:
        cursor.close()
    # Outside autocommit the SELECT opened a transaction, and a rollback would undo the SETs.
    dbapi_connection.commit()


def lock_holders(engine: Engine, exclude_pid: int | None = None) -> list[str]:
    """Best effort: who holds locks in this project database now (coder names where known).

    Looked up on a connection of its own (the failed one is in an aborted transaction), with
    short timeouts; any failure gives [] and the message then says "another user". Writing
    transactions (they hold their transaction id) and strong table locks count: a lock that
    made someone wait is one of these.
    """
    lookup = create_engine(
        engine.url, poolclass=NullPool, connect_args={"connect_timeout": 3}, future=True
    )
    try:
        with lookup.connect() as connection:
            connection.exec_driver_sql("SET statement_timeout = '2s'")
            connection.exec_driver_sql("SET lock_timeout = '1s'")
            rows = connection.execute(
                text(
                    "SELECT DISTINCT a.usename, c.name FROM pg_catalog.pg_locks l "
                    "JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                    "LEFT JOIN coders c ON c.db_role = a.usename "
                    "WHERE l.granted AND l.pid <> pg_catalog.pg_backend_pid() "
                    "AND l.pid IS DISTINCT FROM :exclude "
                    "AND a.datname = pg_catalog.current_database() "
                    "AND (l.locktype = 'transactionid' OR (l.locktype = 'relation' AND l.mode IN "
                    "('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')"
                    ")) ORDER BY 1"
                ),
                {"exclude": exclude_pid},
            ).all()
    except Exception:  # only a nicer message is lost; the error itself stands
        return []
    finally:
        lookup.dispose()
    me = engine.url.username
    return [
        "you (another window or program of yours)" if user == me else str(name or user)
        for user, name in rows
    ]


def _where(engine: Engine | None) -> str:
    if engine is None:
        return "the project"
    return engine.url.render_as_string(hide_password=True)


def _backend_pid(context: ExceptionContext) -> int | None:
    try:
        raw: Any = context.connection.connection.dbapi_connection  # type: ignore[union-attr]
        return int(raw.info.backend_pid)
    except Exception:  # no connection (a connect failure), or not psycopg
        return None


def describe_postgres_error(
    error: BaseException, where: str, holders: list[str] | None = None, role: str | None = None
) -> ProjectError | None:
    """Our error for a PostgreSQL failure of the project at `where`, or None for other errors.

    `holders` names who held locks (for a lock timeout), `role` the connection's login role.
    """
    code = getattr(error, "sqlstate", None)
    detail = str(error).strip()
    first = detail.splitlines()[0] if detail else type(error).__name__
    lowered = detail.lower()
    if isinstance(error, UnicodeEncodeError):
        return TextRefused(
            f"{where}: a text holds an unpaired surrogate (U+{ord(error.object[error.start]):04X}"
            "), which is not a character and cannot be stored; nothing was stored. Remove it "
            "and try again."
        )
    if "cannot contain nul" in lowered or code == _CHARACTER_NOT_IN_REPERTOIRE:
        return TextRefused(
            f"{where}: a text holds a NUL character (\\0), which PostgreSQL cannot store; "
            "nothing was stored. Remove it (it usually comes from copying out of a binary "
            "file) and try again."
        )
    if code == _LOCK_NOT_AVAILABLE:
        who = ", ".join(holders) if holders else "another user"
        return ProjectLocked(
            f"{where}: the project is locked by {who}; nothing was changed. Try again in a "
            "moment; if it stays locked, that person may need to finish or close articoder "
            "(the administrator can end the session)."
        )
    if code == _QUERY_CANCELED:
        if "statement timeout" in lowered:
            return CommandTooLong(
                f"{where}: the server stopped the command because it ran longer than it allows "
                "for one command (statement_timeout); nothing of it was stored. Try again, or "
                "ask the lead about a smaller step."
            )
        return CommandTooLong(f"{where}: the command was cancelled ({first}); nothing was stored.")
    if code == _IDLE_IN_TRANSACTION_TIMEOUT or "idle-in-transaction timeout" in lowered:
        return CommandTooLong(
            f"{where}: the server closed the connection because it waited too long inside "
            "an unfinished step; nothing of that step was stored. Try again."
        )
    if code == _TOO_MANY_CONNECTIONS or "too many connections" in lowered:
        if "for role" in lowered:
            who = f"database role {role}" if role else "your database role"
            return TooManyConnections(
                f"{where}: {who} already has as many connections open as it may; close other "
                "articoder windows (or programs) that use this login, then try again."
            )
        return TooManyConnections(
            f"{where}: the server has no free connection; try again in a moment, or ask the "
            "administrator to raise max_connections."
        )
    if "remaining connection slots are reserved" in lowered or "too many clients" in lowered:
        return TooManyConnections(
            f"{where}: the server has no free connection; try again in a moment, or ask the "
            "administrator to raise max_connections."
        )
    if code == _CHECK_VIOLATION:
        constraint = str(getattr(getattr(error, "diag", None), "constraint_name", "") or "")
        if constraint == MEMO_CHECK or MEMO_CHECK in detail:
            return TextRefused(
                f"{where}: a memo may be at most {MEMO_LIMIT:,} characters long; nothing was "
                "stored."
            )
        if constraint == VALUE_CHECK or VALUE_CHECK in detail:
            return TextRefused(
                f"{where}: a coding-sheet value may be at most {VALUE_LIMIT:,} characters long; "
                "nothing was stored."
            )
        if constraint == PAYLOAD_CHECK or PAYLOAD_CHECK in detail:
            return TextRefused(
                f"{where}: the journal entry of this step is larger than the server accepts "
                "from a coder; nothing was stored. Do it in smaller steps."
            )
        if constraint == SPAN_CHECK or SPAN_CHECK in detail:
            return TextRefused(
                f"{where}: the segment does not lie inside its article's text (or its covered "
                "text is not as long as the span); nothing was stored."
            )
        return None
    if code == _SEQUENCE_LIMIT and ID_RANGE_SEQUENCE_PREFIX in detail:
        return ProjectError(
            f"{where}: the ids the server keeps for your rows are used up; nothing was "
            "stored. Ask the administrator to look at the project (articoder server status)."
        )
    return None


def on_postgres_error(context: ExceptionContext) -> BaseException | None:
    """SQLAlchemy's ``handle_error`` hook: PostgreSQL failures become our `ProjectError`s."""
    if context.is_pre_ping:
        return None
    original = context.original_exception
    engine = context.engine
    holders: list[str] | None = None
    if getattr(original, "sqlstate", None) == _LOCK_NOT_AVAILABLE and engine is not None:
        holders = lock_holders(engine, _backend_pid(context))
    role = engine.url.username if engine is not None else None
    return describe_postgres_error(original, _where(engine), holders, role)


def install_postgres_hooks(engine: Engine) -> None:
    """Install the three hooks on a PostgreSQL engine (once; a second call changes nothing)."""
    for name, hook in (
        ("do_connect", on_postgres_do_connect),
        ("connect", on_postgres_connect),
        ("handle_error", on_postgres_error),
    ):
        if not event.contains(engine, name, hook):
            event.listen(engine, name, hook)
