"""Persistence only: entities, opening a project database, migrations, typed ids."""
