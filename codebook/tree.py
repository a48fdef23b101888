"""The code tree as plain nodes, for the codebook panel and anything else that walks it.

One query for the codes (only the columns a panel shows) and one for the segment counts build
a tree of `CodeNode`s, each knowing its parent and its row among its siblings, which is what
an item model needs to answer Qt quickly. No Qt here: the panel's model in gui/ adapts it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codebook.spec import path_text
from models.database import ProjectDatabase
from models.entities import Code, Segment


@dataclass(eq=False)
class CodeNode:
    """A code in the tree: what the panel shows, its children, and where it sits."""

    id: int
    guid: str
    name: str
    name_en: str | None
    color: str
    key: str | None
    retired: bool
    definition: str
    segments: int  # segments coded with this code itself
    children: list[CodeNode] = field(default_factory=list, repr=False)
    parent: CodeNode | None = field(default=None, repr=False)
    row: int = 0  # index among its siblings (top-level codes among the roots)
    total_segments: int = 0  # its own segments and those of every code below it

    @property
    def path(self) -> tuple[str, ...]:
        """The names from the top down to this code."""
        names: list[str] = []
        node: CodeNode | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return tuple(reversed(names))

    @property
    def path_text(self) -> str:
        """The path as one string: 组织体系 > 楼栋党小组."""
        return path_text(self.path)


@dataclass
class CodeTree:
    """The whole tree: the top-level codes, and every node by id."""

    roots: list[CodeNode] = field(default_factory=list)
    by_id: dict[int, CodeNode] = field(default_factory=dict)

    def __iter__(self) -> Iterator[CodeNode]:
        """Every node, depth first, in tree order."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def __len__(self) -> int:
        """The number of codes."""
        return len(self.by_id)


def code_tree_in(session: Session) -> CodeTree:
    """The code tree with segment counts (within an open session)."""
    counts: dict[int, int] = {
        code_id: int(count)
        for code_id, count in session.execute(
            select(Segment.code_id, func.count(Segment.id)).group_by(Segment.code_id)
        )
    }
    rows = session.execute(
        select(
            Code.id,
            Code.guid,
            Code.parent_id,
            Code.name,
            Code.name_en,
            Code.color,
            Code.shortcut,
            Code.retired,
            Code.definition,
        ).order_by(Code.position, Code.id)
    )
    tree = CodeTree()
    parents: dict[int, int | None] = {}
    for code_id, guid, parent_id, name, name_en, color, key, retired, definition in rows:
        tree.by_id[code_id] = CodeNode(
            id=code_id,
            guid=guid,
            name=name,
            name_en=name_en,
            color=color,
            key=key,
            retired=bool(retired),
            definition=definition or "",
            segments=counts.get(code_id, 0),
        )
        parents[code_id] = parent_id
    # Rows come in sibling order, so appending keeps every child list in order.
    for code_id, parent_id in parents.items():
        node = tree.by_id[code_id]
        parent = tree.by_id.get(parent_id) if parent_id is not None else None
        siblings = parent.children if parent is not None else tree.roots
        node.parent, node.row = parent, len(siblings)
        siblings.append(node)
    for node in reversed(list(tree)):  # children before their parents
        node.total_segments = node.segments + sum(c.total_segments for c in node.children)
    return tree


def load_code_tree(database: ProjectDatabase) -> CodeTree:
    """The project's code tree with segment counts."""
    with database.session() as session:
        return code_tree_in(session)
