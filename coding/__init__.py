"""The work of coding: segments, variable values, assignments, the Workspace facade."""
