"""The shared-server commands: `articoder server init|add-coder|status URL ...`.

    articoder server init URL --lead NAME [--coders A,B] [--password-file F] [--name NAME]
    articoder server add-coder URL NAME [--lead] [--password-file F]
    articoder server status URL

URL is an administrator's PostgreSQL URL (a superuser, or a role with CREATEROLE that owns
the database); team.server says what is made. A generated password is printed once, with
the person's connection URL, and stored nowhere. A password file holds `NAME=PASSWORD` lines
for people whose passwords are chosen instead. `status` exits with code 1 when it finds a
problem. Every command takes `--json` and then prints only JSON.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from articoder.cli_common import add_command, print_json
from team.server import (
    Login,
    ServerStatus,
    add_coder,
    init_server,
    read_password_file,
    server_status,
)

__all__ = ["add_server_commands"]


def _passwords(arguments: argparse.Namespace) -> dict[str, str]:
    return read_password_file(Path(arguments.password_file)) if arguments.password_file else {}


def _login_lines(login: Login) -> list[str]:
    kind = "lead " if login.is_lead else "coder"
    if login.password is None:
        return [f"  {kind} {login.name}: role {login.role} (kept; password unchanged)"]
    made = "made" if login.created else "kept, password set"
    return [
        f"  {kind} {login.name}: role {login.role} ({made})",
        f"        {login.url}",
    ]


_ONCE = (
    "Passwords are shown only this once and stored nowhere: give each person their URL privately."
)


def cmd_server_init(arguments: argparse.Namespace) -> None:
    coders = [name for name in (arguments.coders or "").split(",") if name.strip()]
    setup = init_server(
        arguments.url,
        arguments.lead,
        coders,
        passwords=_passwords(arguments),
        project_name=arguments.name,
    )
    if arguments.json:
        print_json(setup.as_json())
        return
    schema = "created" if setup.created_schema else "kept"
    if setup.upgraded_from:
        schema = f"upgraded from {setup.upgraded_from}"
    print(f"Server project {setup.database}: schema {schema}.")
    print(f"Group roles {setup.lead_group} and {setup.coder_group}; row-level security on.")
    for login in setup.logins:
        print("\n".join(_login_lines(login)))
    if any(login.password for login in setup.logins):
        print(_ONCE)


def cmd_server_add_coder(arguments: argparse.Namespace) -> None:
    passwords = _passwords(arguments)
    login = add_coder(
        arguments.url, arguments.name, lead=arguments.lead, password=passwords.get(arguments.name)
    )
    if arguments.json:
        print_json(login.as_json())
        return
    print("\n".join(_login_lines(login)))
    if login.password:
        print(_ONCE)


def format_status(status: ServerStatus) -> str:
    """The readable status: people, roles, connections, problems."""
    lines = [
        f"Server project {status.database} (schema {status.schema or 'none'}); "
        f"groups {status.lead_group}, {status.coder_group}"
    ]
    for person in status.people:
        kind = "lead " if person.is_lead else "coder"
        state = "ok" if person.role_exists and person.in_group and person.can_login else "PROBLEM"
        connected = f", {person.connections} connected" if person.connections else ""
        lines.append(f"  {kind} {person.name}: role {person.role or '-'} [{state}]{connected}")
    if status.ok:
        lines.append("Roles, privileges and row-level security are in place.")
    else:
        lines.append(f"{len(status.problems)} problems (run `articoder server init` again):")
        lines += [f"  {problem}" for problem in status.problems]
    return "\n".join(lines)


def cmd_server_status(arguments: argparse.Namespace) -> None:
    status = server_status(arguments.url)
    if arguments.json:
        print_json(status.as_json())
    else:
        print(format_status(status))
    if not status.ok:
        sys.stdout.flush()
        raise SystemExit(1)


def add_server_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `server init|add-coder|status` on the main parser's subcommands."""
    server = commands.add_parser(
        "server", help="set up a shared PostgreSQL server: roles, privileges, row-level security"
    )
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    sub = add_command(
        actions,
        "init",
        cmd_server_init,
        "create the schema, the group roles and a login role per person (safe to run again)",
    )
    sub.add_argument("url", metavar="URL", help="an administrator's PostgreSQL URL")
    sub.add_argument("--lead", required=True, metavar="NAME", help="the lead's name")
    sub.add_argument("--coders", metavar="A,B", help="the coders' names, comma-separated")
    sub.add_argument("--password-file", metavar="F", help="NAME=PASSWORD lines to use")
    sub.add_argument("--name", help="the project's display name (a new project only)")
    sub = add_command(
        actions, "add-coder", cmd_server_add_coder, "add a person with their own login role"
    )
    sub.add_argument("url", metavar="URL", help="an administrator's PostgreSQL URL")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--lead", action="store_true", help="another lead, not a coder")
    sub.add_argument("--password-file", metavar="F", help="NAME=PASSWORD lines to use")
    sub = add_command(
        actions,
        "status",
        cmd_server_status,
        "roles, coders, who is connected, and whether privileges and policies are in place",
    )
    sub.add_argument("url", metavar="URL")
