"""Alembic environment: runs migrations on the connection articoder hands it."""

from alembic import context
from sqlalchemy import create_engine

import models.suggestions  # noqa: F401  (puts the suggestion tables on Base.metadata)
from models.entities import Base

config = context.config
target_metadata = Base.metadata

connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as new_connection:
        context.configure(
            connection=new_connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
