"""Validation before use, then the final per-code models.

Each code gets its own L2-regularised logistic regression on the TF-IDF features (one
binary model per code, since a unit may carry several codes). Logistic regression minimises
log-loss, so its probabilities are calibrated by construction on the data it learned from; no
separate calibration set is carved out of a few hundred coded articles. It is fitted by
stochastic gradient descent (scikit-learn's SGDClassifier, log-loss, a fixed seed and number of
passes), with the penalty of `C = REGULARISATION_C`: on 10,000 articles liblinear's exact fit
took 2-11 s per code and fold, SGD 0.3 s, with the same F1 on held-out articles within 0.01.
One multi-output fit for all codes was weighed and left: scikit-learn's multi-class fits are
one-vs-rest on exclusive classes (a unit here may carry several codes), and a full-batch
multi-label solver needs dozens of passes that each cost (non-zeros x codes), where SGD needs 3
passes of (non-zeros) per code. The time goes into the fits, so the savings are fewer passes
(UPDATES, MIN_PASSES) and one split shared by the codes (`train`).

Validation is k-fold cross-validation, stratified by the codes and grouped by article
(`grouped_folds`): every unit of an article lies on one side of each split, so a model is
never tested on sentences of an article it saw. Each unit's held-out prediction (probability
>= 0.5) is compared with the consensus (precision, recall, F1, Krippendorff's alpha, nominal)
and with each coder on the units that coder coded (alpha). The coders' alpha among themselves
on the same units is reported beside it: the machine is judged against the reliability the
humans reach. A code is suggested only when its chosen measure (alpha by default) reaches the
threshold and it has enough positive and negative units to learn from.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import precision_recall_fscore_support

from agreement.statistics import SharedRows, krippendorff_alpha
from models.progress import Progress
from suggest.units import NOT_CODED, LabelledUnits, SuggestError

# Krippendorff's (2004) lowest alpha for drawing even tentative conclusions.
DEFAULT_THRESHOLD = 0.667
DEFAULT_METRIC = "alpha"
METRICS = ("alpha", "f1")
DEFAULT_FOLDS = 5
# Fewer positive (or negative) units than this and a fold holds too few to test on.
DEFAULT_MIN_UNITS = 10
# Inverse regularisation strength: TF-IDF rows are L2-normalised, so weights need room.
REGULARISATION_C = 4.0
DECISION = 0.5
# SGD passes: about this many updates, and never fewer than MIN_PASSES passes. On 10,000
# coded articles x 50 codes (benchmarks/bench_suggest.py) 3 passes instead of 5 took 20 s of
# CPU instead of 32; cross-validated F1 moved by -0.0009 on average (per code within
# -0.015..+0.027, as much as a different seed moves it) and F1 against the held-out truth from
# .972 to .968; 2 passes lost .018 there, so 3 it is.
UPDATES = 24_000
MIN_PASSES = 3


@dataclass(frozen=True)
class TrainSettings:
    """What the lead chose for training and for which codes may be suggested."""

    folds: int = DEFAULT_FOLDS
    metric: str = DEFAULT_METRIC
    threshold: float = DEFAULT_THRESHOLD
    min_units: int = DEFAULT_MIN_UNITS
    seed: int = 1

    def check(self) -> TrainSettings:
        """These settings, or a clear refusal naming the setting to change."""
        if self.metric not in METRICS:
            raise SuggestError(f"metric {self.metric!r} is not known; use alpha or f1")
        if not -1.0 <= self.threshold <= 1.0:
            raise SuggestError(f"threshold {self.threshold} must lie between -1 and 1 (e.g. 0.667)")
        if self.folds < 2:
            raise SuggestError(f"folds {self.folds}: cross-validation needs at least 2")
        if self.min_units < 2:
            raise SuggestError(f"min units {self.min_units}: at least 2 are needed")
        return self


@dataclass
class CodeValidation:
    """A code's cross-validated numbers, and whether it may be suggested."""

    code_id: int
    code: str
    units: int
    positives: int
    negatives: int
    articles: int
    folds: int
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    alpha: float | None = None  # machine vs consensus
    alpha_by_coder: dict[str, float | None] = field(default_factory=dict)
    alpha_coders: float | None = None  # the human coders among themselves, same units
    passed: bool = False
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


@dataclass
class Trained:
    """The result of training: validations and the final weights of every fitted code."""

    validations: list[CodeValidation]
    coef: npt.NDArray[np.float32]  # (fitted codes, features)
    intercept: npt.NDArray[np.float32]
    fitted_codes: list[int]  # code ids, in the rows of coef
    seconds: float


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def _alpha(columns: list[npt.NDArray[np.int8]]) -> float | None:
    """Nominal alpha over units (rows) and raters (columns); NOT_CODED cells are missing.

    Units with equal cells are handed over once with their count (agreement.statistics'
    SharedRows weights): 250,000 sentences have at most 3^raters distinct rows.
    """
    stacked = np.stack(columns, axis=1)
    usable = stacked[(stacked != NOT_CODED).sum(axis=1) >= 2]
    if not len(usable):
        return None
    patterns, counts = np.unique(usable, axis=0, return_counts=True)
    rows = [tuple(None if v == NOT_CODED else int(v) for v in row) for row in patterns]
    return _number(krippendorff_alpha(SharedRows(rows, weights=counts), "nominal"))


def _model(units: int, seed: int) -> SGDClassifier:
    """Logistic regression fitted by stochastic gradient descent (see the module doc)."""
    return SGDClassifier(
        loss="log_loss",
        # The L2 penalty of a logistic regression with C = REGULARISATION_C on this many units.
        alpha=1.0 / (REGULARISATION_C * units),
        # Enough passes for about UPDATES updates, between MIN_PASSES and 200 passes.
        max_iter=min(max(math.ceil(UPDATES / units), MIN_PASSES), 200),
        tol=None,
        random_state=seed,
    )


def _fit(features: sparse.csr_matrix, labels: npt.NDArray[np.int8], seed: int) -> SGDClassifier:
    model = _model(features.shape[0], seed)
    with warnings.catch_warnings():
        # A fixed number of passes (tol=None) is the plan, not a failure to converge.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(features, labels)
    return model


def grouped_folds(
    labels: npt.NDArray[np.int8], groups: npt.NDArray[np.int64], folds: int, seed: int
) -> npt.NDArray[np.int64]:
    """The fold of each unit: whole articles dealt out round-robin, the rarest code's first.

    `labels` is one code's column, or a matrix (units x codes) for folds that several codes
    share. Each article is ranked by the rarest code it holds a positive unit of (the code with
    the fewest positive articles first; articles with no positive unit last); the articles of
    each rank are shuffled and dealt on round-robin from where the previous rank stopped. So
    every fold gets its share of each rare code's positives, and no article is split (the idea
    of scikit-learn's StratifiedGroupKFold, which is far slower on 10,000 groups). With one
    code this is: articles holding a positive unit first, then the others.
    """
    rng = np.random.default_rng(seed)
    matrix = labels.reshape(len(labels), -1)
    unique, inverse = np.unique(groups, return_inverse=True)
    member = sparse.csr_matrix(
        (np.ones(len(inverse), dtype=np.float32), (inverse, np.arange(len(inverse)))),
        shape=(len(unique), len(inverse)),
    )
    positive = np.asarray((member @ (matrix == 1).astype(np.float32)) > 0)
    codes = matrix.shape[1]
    rank = np.empty(codes, dtype=np.int64)
    rank[np.argsort(positive.sum(axis=0), kind="stable")] = np.arange(codes)
    key = np.where(positive, rank[None, :], codes).min(axis=1, initial=codes)
    fold_of_group = np.zeros(len(unique), dtype=np.int64)
    dealt = 0
    for value in np.unique(key):
        order = rng.permutation(np.flatnonzero(key == value))
        fold_of_group[order] = (np.arange(len(order)) + dealt) % folds
        dealt += len(order)
    return np.asarray(fold_of_group[inverse], dtype=np.int64)


def _fit_predict(
    train_x: sparse.csr_matrix,
    train_labels: npt.NDArray[np.int8],
    test_x: sparse.csr_matrix,
    seed: int,
) -> npt.NDArray[np.float64] | float:
    """Held-out probabilities; a constant when the training side holds one class only."""
    if train_labels.min() == train_labels.max():
        return float(train_labels[0])
    model = _fit(train_x, train_labels, seed)
    return np.asarray(model.predict_proba(test_x)[:, 1], dtype=np.float64)


def _held_out(
    features: sparse.csr_matrix,
    labels: npt.NDArray[np.int8],
    groups: npt.NDArray[np.int64],
    folds: int,
    seed: int,
) -> npt.NDArray[np.float64]:
    """Each unit's probability from a model that never saw the unit's article (one code)."""
    fold_of = grouped_folds(labels, groups, folds, seed)
    probability = np.zeros(len(labels), dtype=np.float64)
    for fold in range(folds):
        test = np.flatnonzero(fold_of == fold)
        train = np.flatnonzero(fold_of != fold)
        probability[test] = _fit_predict(features[train], labels[train], features[test], seed)
    return probability


def _counts(column: int, units: LabelledUnits, settings: TrainSettings) -> CodeValidation:
    """A code's training counts and folds; `reason` says so when it has too few to learn."""
    code = units.codes[column]
    labels = units.consensus[:, column]
    groups = np.asarray(units.article_ids, dtype=np.int64)
    positives = int(labels.sum())
    negatives = len(labels) - positives
    positive_articles = len(set(groups[labels == 1].tolist()))
    articles = len(set(groups.tolist()))
    result = CodeValidation(
        code.id,
        code.name,
        len(labels),
        positives,
        negatives,
        articles,
        min(settings.folds, positive_articles, articles),
    )
    if min(positives, negatives) < settings.min_units or result.folds < 2:
        result.reason = (
            f"too few units to learn from: {positives} positive, {negatives} negative "
            f"(at least {settings.min_units} of each, in 2 or more articles)"
        )
    return result


def _score(
    result: CodeValidation,
    column: int,
    units: LabelledUnits,
    probability: npt.NDArray[np.float64],
    settings: TrainSettings,
) -> None:
    """Fill in the held-out numbers and decide whether the code may be suggested."""
    labels = units.consensus[:, column]
    predicted = (probability >= DECISION).astype(np.int8)
    precision, recall, f1, _ = precision_recall_fscore_support(
        labels, predicted, average="binary", zero_division=0
    )
    result.precision = _number(float(precision))
    result.recall = _number(float(recall))
    result.f1 = _number(float(f1))
    result.alpha = _alpha([labels, predicted])
    coder_columns = []
    for name, matrix in units.by_coder.items():
        cells = matrix[:, column]
        coder_columns.append(cells)
        masked = np.where(cells == NOT_CODED, NOT_CODED, predicted).astype(np.int8)
        result.alpha_by_coder[name] = _alpha([cells, masked])
    if len(coder_columns) >= 2:
        result.alpha_coders = _alpha(coder_columns)
    measure = result.alpha if settings.metric == "alpha" else result.f1
    if measure is None:
        result.reason = f"{settings.metric} is undefined on these units"
    elif measure < settings.threshold:
        result.reason = (
            f"{settings.metric} {measure:.3f} is below the threshold {settings.threshold}"
        )
    else:
        result.passed = True


def validate_code(
    column: int,
    units: LabelledUnits,
    features: sparse.csr_matrix,
    settings: TrainSettings,
) -> CodeValidation:
    """Cross-validate one code on its own folds and decide whether it may be suggested."""
    result = _counts(column, units, settings)
    if not result.reason:
        groups = np.asarray(units.article_ids, dtype=np.int64)
        labels = units.consensus[:, column]
        probability = _held_out(features, labels, groups, result.folds, settings.seed)
        _score(result, column, units, probability, settings)
    return result


def train(
    units: LabelledUnits,
    features: sparse.csr_matrix,
    settings: TrainSettings,
    progress: Progress | None = None,
) -> Trained:
    """Validate every code, then fit each code that has enough units on all of them.

    The codes that can use all `settings.folds` folds share one split (`grouped_folds` on
    their labels together): each fold's training and test rows are cut out of the feature
    matrix once for all of them, not once per code, which was a sixth of the time with 50
    codes. A code with positives in fewer articles than folds gets its own, fewer folds.
    """
    settings.check()
    began = time.perf_counter()
    progress = progress or Progress()
    groups = np.asarray(units.article_ids, dtype=np.int64)
    validations = [_counts(column, units, settings) for column in range(len(units.codes))]
    learnable = [column for column, v in enumerate(validations) if not v.reason]
    shared = [column for column in learnable if validations[column].folds == settings.folds]
    progress.start(len(learnable) * (settings.folds + 1), "validating")
    probability = np.zeros(units.consensus.shape, dtype=np.float64)
    if shared:
        fold_of = grouped_folds(units.consensus[:, shared], groups, settings.folds, settings.seed)
        for fold in range(settings.folds):
            test = np.flatnonzero(fold_of == fold)
            train_rows = np.flatnonzero(fold_of != fold)
            train_x, test_x = features[train_rows], features[test]
            for column in shared:
                labels = units.consensus[:, column]
                probability[test, column] = _fit_predict(
                    train_x, labels[train_rows], test_x, settings.seed
                )
                progress.step(1, units.codes[column].name)
            del train_x, test_x
    for column in learnable:
        if column not in shared:
            probability[:, column] = _held_out(
                features,
                units.consensus[:, column],
                groups,
                validations[column].folds,
                settings.seed,
            )
            progress.step(settings.folds, units.codes[column].name)
        _score(validations[column], column, units, probability[:, column], settings)
    rows: list[npt.NDArray[np.float32]] = []
    intercepts: list[float] = []
    fitted: list[int] = []
    for column in learnable:
        model = _fit(features, units.consensus[:, column], settings.seed)
        rows.append(model.coef_[0].astype(np.float32))
        intercepts.append(float(model.intercept_[0]))
        fitted.append(units.codes[column].id)
        progress.step(1, units.codes[column].name)
    width = features.shape[1]
    return Trained(
        validations=validations,
        coef=np.vstack(rows) if rows else np.zeros((0, width), dtype=np.float32),
        intercept=np.asarray(intercepts, dtype=np.float32),
        fitted_codes=fitted,
        seconds=time.perf_counter() - began,
    )
