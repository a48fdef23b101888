"""Models and suggestions in the project: train and store, apply, review, report.

A model is stored in `suggestion_models` as one `.npz` of plain arrays (terms, IDF weights,
per-code weights and intercepts), written and read with `allow_pickle=False`, and the sha256
of those bytes; a model whose bytes do not match its hash is refused. No pickle is read, so a
project file from someone else cannot run code when its model is loaded (joblib and skops
were the alternatives; neither is needed for a linear model, which is only numbers).

Suggestions are rows of `suggestions`, never segments. `apply_model` writes pending ones for
articles nobody coded that are not in the reliability sample. `AcceptSuggestion` creates an
ordinary segment by the accepting coder through coding.segments.AddSegments and journals it
as a `segment-add` whose payload names the suggestion and model version (so `articoder check`
replays it like any other segment); `RejectSuggestion` records the refusal. Both are undoable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from coding.segments import AddSegments
from models.database import ProjectDatabase
from models.entities import Article, Code, Coder, ProjectInfo, utcnow
from models.ids import new_guid
from models.journal import Changes
from models.progress import Progress
from models.suggestions import Suggestion, SuggestionModel
from suggest.features import N_FEATURES, WordSource, fit_features, hashed_counts, transform
from suggest.training import REGULARISATION_C, TrainSettings, train
from suggest.units import (
    SuggestError,
    check_unit,
    coded_articles,
    load_code_choices,
    load_units,
    read_texts,
    reliability_sample,
    reliability_sample_in,
    units_of,
)

DEFAULT_MIN_CONFIDENCE = 0.5
_CHUNK = 500


@dataclass
class TrainReport:
    """What training did: the model version, per-code validation, counts and time."""

    version: str
    unit: str
    settings: dict[str, Any]
    codes: list[dict[str, Any]]
    units: int
    articles: int
    features: int
    seconds: float

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


@dataclass
class LoadedModel:
    """A stored model, ready to score units."""

    id: int
    version: str
    unit: str
    settings: dict[str, Any]
    validation: dict[str, Any]
    idf: npt.NDArray[np.float32]
    columns: npt.NDArray[np.int64]  # the feature columns any code weighs (the rest are 0)
    coef: npt.NDArray[np.float32]  # (fitted codes, columns)
    intercept: npt.NDArray[np.float32]
    code_ids: list[int]

    def suggestable(self) -> list[int]:
        """The code ids (rows of coef) that passed validation."""
        passed = {int(c["code_id"]) for c in self.validation.get("codes", []) if c.get("passed")}
        return [c for c in self.code_ids if c in passed]

    def probabilities(self, features: sparse.csr_matrix) -> npt.NDArray[np.float64]:
        """P(code) for each unit (rows) and fitted code (columns)."""
        scores = features[:, self.columns] @ self.coef.T + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(scores))), dtype=np.float64)


@dataclass
class ApplyReport:
    """What applying a model did."""

    version: str
    articles_considered: int
    articles_suggested: int
    suggestions: int
    skipped_coded: int
    skipped_sample: int
    codes_suggested: list[str]
    codes_withheld: list[str]
    min_confidence: float
    seconds: float

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class SuggestionInfo:
    """A suggestion as plain data, for the window and the command line."""

    id: int
    guid: str
    article_id: int
    code_id: int
    code: str
    start: int
    end: int
    text: str
    confidence: float
    state: str
    model_version: str
    decided_by: str | None
    decided_at: dt.datetime | None
    segment_id: int | None


def _weights_bytes(arrays: dict[str, npt.NDArray[Any]]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _coder_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    found = session.scalar(select(Coder.id).where(Coder.name == name))
    if found is None:
        raise SuggestError(f"no coder {name!r} in this project; `articoder team` lists them")
    return int(found)


def train_model(
    database: ProjectDatabase,
    unit: str = "article",
    codes: Sequence[str] | None = None,
    settings: TrainSettings | None = None,
    trained_by: str | None = None,
    progress: Progress | None = None,
) -> TrainReport:
    """Validate and train per-code models on the human coding; store them as a new version."""
    check_unit(unit)
    settings = (settings or TrainSettings()).check()
    progress = progress or Progress()
    chosen = load_code_choices(database, codes)
    progress.start(0, "reading the human coding")
    units, texts = load_units(database, unit, chosen)
    progress.start(0, "segmenting words")
    boundaries = WordSource(database).boundaries(texts)
    counts = hashed_counts(texts, boundaries, units.article_ids, units.spans, progress)
    idf, hashed = fit_features(counts)
    # The models see only the columns some unit uses: a few percent of the hashed space, and
    # a weight vector of the full width would make every gradient step's rescaling slow.
    columns = np.flatnonzero(hashed.getnnz(axis=0)).astype(np.int64)
    trained = train(units, sparse.csr_matrix(hashed[:, columns]), settings, progress)
    arrays: dict[str, npt.NDArray[Any]] = {
        "idf": idf,
        "columns": columns,
        "coef": trained.coef,
        "intercept": trained.intercept,
        "code_ids": np.asarray(trained.fitted_codes, dtype=np.int64),
    }
    weights = _weights_bytes(arrays)
    digest = hashlib.sha256(weights).hexdigest()
    now = utcnow()
    # Microseconds too: training twice on the same coding gives the same weights and hash.
    version = f"{unit}-{now:%Y%m%dT%H%M%S%f}-{digest[:8]}"
    stored_settings = {
        "unit": unit,
        "features": f"jieba words + character bigrams, hashed to {N_FEATURES}, TF-IDF "
        "(sublinear, L2)",
        "model": f"logistic regression (L2, C={REGULARISATION_C}, SGD), one per code",
        "decision": 0.5,
        **asdict(settings),
        "codes": [asdict(c) for c in chosen],
    }
    validation = {"codes": [v.as_json() for v in trained.validations]}
    with database.session() as session:
        version_number = int(session.scalars(select(ProjectInfo.codebook_version)).one())
        session.add(
            SuggestionModel(
                version=version,
                unit=unit,
                created_at=now,
                trained_by_id=_coder_id(session, trained_by),
                codebook_version=version_number,
                settings=stored_settings,
                validation=validation,
                weights=weights,
                weights_sha256=digest,
            )
        )
    return TrainReport(
        version=version,
        unit=unit,
        settings={k: v for k, v in stored_settings.items() if k != "codes"},
        codes=validation["codes"],
        units=len(units.article_ids),
        articles=len(set(units.article_ids)),
        features=len(columns),
        seconds=round(trained.seconds, 2),
    )


def load_model(database: ProjectDatabase, version: str | None = None) -> LoadedModel:
    """A stored model (the newest unless a version is named), its hash checked."""
    with database.session() as session:
        query = select(SuggestionModel)
        if version:
            query = query.where(SuggestionModel.version == version)
        row = session.scalars(query.order_by(SuggestionModel.id.desc()).limit(1)).first()
        if row is None:
            if version:
                raise SuggestError(
                    f"no model {version!r}; `articoder suggest report` lists the models"
                )
            raise SuggestError("no model trained yet: run `articoder suggest train PROJECT` first")
        weights = bytes(row.weights)
        if hashlib.sha256(weights).hexdigest() != row.weights_sha256:
            raise SuggestError(
                f"model {row.version}: its stored weights do not match their hash; train again"
            )
        try:
            with np.load(io.BytesIO(weights), allow_pickle=False) as arrays:
                loaded = {name: arrays[name] for name in arrays.files}
        except (ValueError, OSError, KeyError) as exc:
            raise SuggestError(
                f"model {row.version}: unreadable weights ({exc}); train again"
            ) from exc
        return LoadedModel(
            id=row.id,
            version=row.version,
            unit=row.unit,
            settings=dict(row.settings or {}),
            validation=dict(row.validation or {}),
            idf=loaded["idf"],
            columns=loaded["columns"],
            coef=loaded["coef"],
            intercept=loaded["intercept"],
            code_ids=[int(c) for c in loaded["code_ids"]],
        )


def score_texts(
    database: ProjectDatabase,
    model: LoadedModel,
    texts: dict[int, str],
    progress: Progress | None = None,
) -> tuple[list[int], list[tuple[int, int]], npt.NDArray[np.float64]]:
    """The units of these articles (article ids, spans) and their probabilities per code."""
    article_ids: list[int] = []
    spans: list[tuple[int, int]] = []
    for article_id, text in texts.items():
        for span in units_of(model.unit, text):
            article_ids.append(article_id)
            spans.append(span)
    if not spans:
        return [], [], np.zeros((0, len(model.code_ids)))
    boundaries = WordSource(database).boundaries(texts)
    features = transform(hashed_counts(texts, boundaries, article_ids, spans, progress), model.idf)
    return article_ids, spans, model.probabilities(features)


def apply_model(
    database: ProjectDatabase,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    version: str | None = None,
    articles: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> ApplyReport:
    """Pre-code uncoded articles outside the reliability sample with pending suggestions.

    Pending suggestions of these articles from earlier models are replaced; decided ones stay.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise SuggestError(f"min confidence {min_confidence} must lie between 0 and 1 (e.g. 0.8)")
    began = time.perf_counter()
    progress = progress or Progress()
    model = load_model(database, version)
    allowed = model.suggestable()
    names = {int(c["code_id"]): str(c["code"]) for c in model.validation.get("codes", [])}
    coded = coded_articles(database)
    sample = reliability_sample(database)
    with database.session() as session:
        every = [int(a) for a in session.scalars(select(Article.id).order_by(Article.id))]
    asked = set(every if articles is None else articles)
    wanted = [a for a in every if a in asked]
    if len(wanted) < len(asked):
        missing = sorted(asked - set(every))
        raise SuggestError(f"no article with id {missing[0]}; `articoder list` shows the ids")
    targets = [a for a in wanted if a not in coded and a not in sample]
    columns = [model.code_ids.index(c) for c in allowed]
    made = 0
    suggested_articles: set[int] = set()
    progress.start(len(targets), "suggesting")
    for i in range(0, len(targets), _CHUNK):
        chunk = targets[i : i + _CHUNK]
        texts = read_texts(database, chunk)
        article_ids, spans, probability = score_texts(database, model, texts, progress)
        rows: list[dict[str, Any]] = []
        now = utcnow()
        for n, (article_id, (start, end)) in enumerate(zip(article_ids, spans, strict=True)):
            for column in columns:
                confidence = float(probability[n, column])
                if confidence >= min_confidence:
                    rows.append(
                        {
                            "guid": new_guid(),
                            "article_id": article_id,
                            "code_id": model.code_ids[column],
                            "model_id": model.id,
                            "model_version": model.version,
                            "unit": model.unit,
                            "start": start,
                            "end": end,
                            "confidence": round(confidence, 4),
                            "state": "pending",
                            "created_at": now,
                            "note": "",
                        }
                    )
        with database.session() as session:
            session.execute(
                delete(Suggestion).where(
                    Suggestion.article_id.in_(chunk), Suggestion.state == "pending"
                )
            )
            if rows:
                session.execute(insert(Suggestion), rows)
        made += len(rows)
        suggested_articles.update(r["article_id"] for r in rows)
        progress.step(len(chunk))
    return ApplyReport(
        version=model.version,
        articles_considered=len(wanted),
        articles_suggested=len(suggested_articles),
        suggestions=made,
        skipped_coded=sum(1 for a in wanted if a in coded),
        skipped_sample=sum(1 for a in wanted if a in sample and a not in coded),
        codes_suggested=[names.get(c, str(c)) for c in allowed],
        codes_withheld=[names[c] for c in names if c not in allowed],
        min_confidence=min_confidence,
        seconds=round(time.perf_counter() - began, 2),
    )


def suggestions_for_article(
    database: ProjectDatabase, article_id: int, states: Sequence[str] = ("pending",)
) -> list[SuggestionInfo]:
    """The article's suggestions in these states; none at all in the reliability sample."""
    if article_id in reliability_sample(database):
        return []
    with database.session() as session:
        text = session.scalar(select(Article.text).where(Article.id == article_id)) or ""
        query = (
            select(Suggestion, Code.name, Coder.name)
            .join(Code, Code.id == Suggestion.code_id)
            .outerjoin(Coder, Coder.id == Suggestion.decided_by_id)
            .where(Suggestion.article_id == article_id, Suggestion.state.in_(list(states)))
            .order_by(Suggestion.start, Suggestion.confidence.desc())
        )
        return [
            SuggestionInfo(
                s.id,
                s.guid,
                s.article_id,
                s.code_id,
                str(code_name),
                s.start,
                s.end,
                text[s.start : s.end],
                s.confidence,
                s.state,
                s.model_version,
                str(coder_name) if coder_name else None,
                s.decided_at,
                s.segment_id,
            )
            for s, code_name, coder_name in session.execute(query)
        ]


def _pending(session: Session, suggestion_id: int) -> Suggestion:
    row = session.get(Suggestion, suggestion_id)
    if row is None:
        raise SuggestError(f"no suggestion with id {suggestion_id}")
    if row.state != "pending":
        raise SuggestError(f"suggestion {suggestion_id} was already {row.state}")
    return row


@dataclass
class AcceptSuggestion:
    """Accept a suggestion: an ordinary segment by this coder, the suggestion marked accepted."""

    suggestion_id: int
    coder_id: int
    label: str = "Accept suggestion"
    # Journalled as a segment-add so that `articoder check` replays it like any segment.
    action: str = "segment-add"
    entity: str = "segment"
    adding: AddSegments | None = None
    recorded: dict[str, Any] = field(default_factory=dict)

    def apply(self, session: Session) -> Changes:
        """Store the segment and mark the suggestion accepted by the coder, now."""
        row = _pending(session, self.suggestion_id)
        if row.article_id in reliability_sample_in(session):
            raise SuggestError(
                f"article {row.article_id} is in the reliability sample: it is coded by hand only"
            )
        if self.adding is None:
            self.adding = AddSegments(
                [(row.article_id, row.start, row.end)],
                row.code_id,
                self.coder_id,
                label=self.label,
            )
        changes = self.adding.apply(session)
        row.state = "accepted"
        row.decided_by_id = self.coder_id
        row.decided_at = utcnow()
        row.segment_id = self.adding.created[0].id
        self.recorded = {
            "guid": row.guid,
            "model_version": row.model_version,
            "confidence": row.confidence,
            "unit": row.unit,
        }
        changes.suggestions = True
        return changes

    def revert(self, session: Session) -> Changes:
        """Remove the segment and put the suggestion back to pending."""
        assert self.adding is not None
        changes = self.adding.revert(session)
        session.execute(
            update(Suggestion)
            .where(Suggestion.id == self.suggestion_id)
            .values(state="pending", decided_by_id=None, decided_at=None, segment_id=None)
        )
        changes.suggestions = True
        return changes

    def payload(self) -> dict[str, Any]:
        """The segment as a segment-add records it, and the suggestion it came from."""
        base = self.adding.payload() if self.adding is not None else {}
        return {**base, "suggestion": self.recorded, "provenance": "machine accepted"}

    def entity_guid(self) -> str | None:
        """The new segment's GUID."""
        return self.adding.entity_guid() if self.adding is not None else None


@dataclass
class RejectSuggestion:
    """Reject a suggestion: recorded with who and when; nothing is coded."""

    suggestion_id: int
    coder_id: int
    label: str = "Reject suggestion"
    action: str = "suggestion-reject"
    entity: str = "suggestion"
    recorded: dict[str, Any] = field(default_factory=dict)

    def apply(self, session: Session) -> Changes:
        """Mark the suggestion rejected by the coder, now."""
        row = _pending(session, self.suggestion_id)
        row.state = "rejected"
        row.decided_by_id = self.coder_id
        row.decided_at = utcnow()
        self.recorded = {
            "guid": row.guid,
            "model_version": row.model_version,
            "confidence": row.confidence,
            "code": row.code_id,
            "article": row.article_id,
        }
        return Changes(articles={row.article_id}, suggestions=True)

    def revert(self, session: Session) -> Changes:
        """Put the suggestion back to pending."""
        session.execute(
            update(Suggestion)
            .where(Suggestion.id == self.suggestion_id)
            .values(state="pending", decided_by_id=None, decided_at=None)
        )
        article = self.recorded.get("article")
        return Changes(articles={int(article)} if article is not None else set(), suggestions=True)

    def payload(self) -> dict[str, Any]:
        """The suggestion rejected."""
        return dict(self.recorded)

    def entity_guid(self) -> str | None:
        """The suggestion's GUID."""
        return str(self.recorded["guid"]) if self.recorded else None


def report(database: ProjectDatabase) -> dict[str, Any]:
    """Every model with its validation, and the suggestions by code and state."""
    with database.session() as session:
        names = {int(i): str(n) for i, n in session.execute(select(Coder.id, Coder.name))}
        models = [
            {
                "version": m.version,
                "unit": m.unit,
                "created_at": m.created_at,
                "trained_by": names.get(m.trained_by_id) if m.trained_by_id else None,
                "codebook_version": m.codebook_version,
                "settings": {k: v for k, v in (m.settings or {}).items() if k != "codes"},
                "codes": (m.validation or {}).get("codes", []),
            }
            for m in session.scalars(select(SuggestionModel).order_by(SuggestionModel.id))
        ]
        counts: dict[str, dict[str, int]] = {}
        query = (
            select(Code.name, Suggestion.state, func.count(Suggestion.id))
            .join(Code, Code.id == Suggestion.code_id)
            .group_by(Code.name, Suggestion.state)
        )
        for name, state, count in session.execute(query):
            counts.setdefault(str(name), {"pending": 0, "accepted": 0, "rejected": 0})[
                str(state)
            ] = int(count)
    return {"models": models, "suggestions": counts}
