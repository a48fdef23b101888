"""The team tests use the coding tests' fixtures: a project with a codebook, as a Workspace."""

from tests.coding.conftest import workspace
from tests.exports.conftest import coded, coded_any

__all__ = ["coded", "coded_any", "workspace"]
