"""What blind mode lets the codebook and the cleaning panel say: counts of the coder's own
segments, and that an article was coded by someone else without naming them.
"""

from __future__ import annotations

from coding.coders import ensure_coder
from coding.workspace import ArticleCoding, Workspace
from tests.coding.conftest import article_id, code_id


def test_codebook_counts_are_the_coders_own_in_blind_mode(workspace: Workspace) -> None:
    other = Workspace(workspace.database, ensure_coder(workspace.database, "乙"))
    building = code_id(workspace, "楼栋党小组")
    article = article_id(workspace, "新桥")
    workspace.code_span(article, 0, 2, building)
    for start in (2, 4, 6):
        other.code_span(article, start, start + 2, building)
    assert workspace.blind
    mine = workspace.code_tree()
    assert mine.by_id[building].segments == 1
    parent = mine.by_id[building].parent
    assert parent is not None and parent.total_segments == 1  # "Σ" sums the coder's own too
    assert other.code_tree().by_id[building].segments == 3
    # What deleting the code would touch is every coder's work, blind or not.
    assert workspace.code_segment_total(building) == 4
    workspace.set_blind(False)
    assert workspace.code_tree().by_id[building].segments == 4


def test_who_coded_an_article(workspace: Workspace) -> None:
    other = Workspace(workspace.database, ensure_coder(workspace.database, "乙"))
    article = article_id(workspace, "新桥")
    assert workspace.article_coding(article) == ArticleCoding(0, 0)
    assert not workspace.article_coding(article).coded
    other.code_span(article, 0, 2, code_id(workspace, "楼栋党小组"))
    other.code_span(article, 2, 4, code_id(workspace, "楼栋党小组"))
    # Blind: someone coded it (the text is fixed), but not who.
    assert workspace.article_coding(article) == ArticleCoding(0, 2, ())
    assert workspace.article_coding(article).coded
    workspace.set_blind(False)
    assert workspace.article_coding(article) == ArticleCoding(0, 2, ("乙",))
    workspace.code_span(article, 4, 6, code_id(workspace, "楼栋党小组"))
    assert workspace.article_coding(article).own == 1
