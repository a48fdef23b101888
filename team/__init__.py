"""Team work: who codes what, coders' files, following each other, and the shared server.

- `team.assignments`: the lead's plan (a seeded random reliability sample, the rest split
  evenly; pure) and storing it, by hand or by plan; each coder's queue. A coder's own done
  marks are coding.status (the Workspace's), stored in the same rows.
- `team.coder_files`: a coder's share of the project as a file of its own, and merging it
  back by the rules of `team.merge_rules`, reported by `team.merge_report`.
- `team.progress`: per coder, assigned / done / to do, segments and values, and by day.
- `team.presence`: who else is connected to a shared server.
- `team.server` (init, add-coder, status) and `team.server_hardening` (per-coder views, id
  ranges, limits, the catalog lock-down): the roles and policies of a shared PostgreSQL
  project. Opening a database and its error messages stay in models/.
"""
