"""Exchange with other programs: the REFI-QDA project (.qdpx) in and out.

- `exchange.write` writes a project; `exchange.archive` opens a file safely (paths, sizes,
  XML, what a file really is); `exchange.parse` reads and checks it as a stream without
  touching the project, and lists what it holds that articoder does not store;
  `exchange.offsets` decides the offset convention of a foreign file by evidence and converts
  to ours; `exchange.format` holds the naming conventions writer and reader share;
  `exchange.read` stores a file in one transaction, after a backup.
- The REFI-QDC codebook format (.qdc) is a codebook file like YAML or Excel and lives with
  them, in `codebook.qdc`; `exchange` uses it for the codebook inside a project.
"""
