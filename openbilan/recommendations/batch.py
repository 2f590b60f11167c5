"""Ranking many people at once (a cohort's suggestions, the evaluation of the ranking, `make bench`): one matrix
product per chunk of people, the hard filters as index blocks, the top k of every row without a full sort. The same
scores as ranking.rank for one person, without the per-person diversity re-pick. Pure Python + numpy, no Django."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from openbilan.recommendations import weights as W
from openbilan.recommendations.ranking import FITS, NOT_FOR_ME, Factor, Prepared, _centre_rows, reaction_effect


@dataclass(frozen=True)
class Batch:
    top: np.ndarray  # (m, k) occupation indices, best first (no diversity re-pick: that is per person)
    scores: np.ndarray  # (m, k)


def _unit(matrix: np.ndarray, dtype) -> np.ndarray:
    centred = matrix - matrix.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.divide(centred, norms, out=np.zeros_like(centred, dtype=float), where=norms > 1e-9).astype(dtype)


def top_k_rows(matrix: np.ndarray, k: int, block: int = 44) -> tuple[np.ndarray, np.ndarray]:
    """The k largest entries of every row, best first (ties: lower column first), as (columns, values); -1 and -inf
    pad a row with fewer than k finite entries. Faster than argpartition on wide rows: the k-th largest of the
    rows' block maxima is a lower bound of each row's k-th largest entry, so only the entries above it are sorted."""
    m, n = matrix.shape
    k = min(k, n)
    blocks = -(-n // block)
    padded = matrix
    if blocks * block != n:
        padded = np.full((m, blocks * block), -np.inf, dtype=matrix.dtype)
        padded[:, :n] = matrix
    maxima = padded.reshape(m, blocks, block).max(axis=2)
    kb = min(k, blocks)
    threshold = np.partition(maxima, blocks - kb, axis=1)[:, blocks - kb]
    if kb < k:  # fewer blocks than k: every entry is a candidate
        threshold = np.full(m, -np.inf, dtype=matrix.dtype)
    flat = np.flatnonzero((matrix >= threshold[:, None]) & (matrix > -np.inf))  # row-major: rows come sorted
    rows, cols = np.divmod(flat, n)
    values = matrix.ravel()[flat]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    position = np.arange(len(rows)) - np.searchsorted(rows, np.arange(m))[rows]
    keep = position < k
    top = np.full((m, k), -1, dtype=np.int64)
    scores = np.full((m, k), -np.inf, dtype=matrix.dtype)
    top[rows[keep], position[keep]] = cols[keep]
    scores[rows[keep], position[keep]] = values[keep]
    return top, scores


def _batch_arrays(prepared: Prepared, dtype) -> dict:
    """The occupation-side matrices of rank_batch, in the batch's dtype (built once per dtype)."""
    key = ("batch", np.dtype(dtype).str)
    found = prepared.cache.get(key)
    if found is None:
        found = {
            "combined": np.ascontiguousarray(prepared.combined.T, dtype=dtype),
            "values": np.ascontiguousarray(prepared.values_z.T, dtype=dtype),
            "principal": np.ascontiguousarray((prepared.centres == W.CENTRE_PRINCIPAL).T, dtype=dtype),
            "any_centre": np.ascontiguousarray((prepared.centres > 0).T, dtype=dtype),
        }
        prepared.cache[key] = found
    return found


def _too_long(prepared: Prepared, level: int, limit: float) -> np.ndarray:
    """The occupations whose training from `level` exceeds `limit` months (cached per pair)."""
    cache = prepared.cache.setdefault("too_long", {})
    found = cache.get((level, limit))
    if found is None:
        months = prepared.months_by_level[level]
        found = np.flatnonzero(~np.isnan(months) & (months > limit))
        cache[(level, limit)] = found
    return found


def rank_batch(
    prepared: Prepared,
    interests: np.ndarray,
    *,
    values: np.ndarray | None = None,
    centres: np.ndarray | None = None,
    excluded_contexts: np.ndarray | None = None,
    levels: np.ndarray | None = None,
    max_months: np.ndarray | None = None,
    reactions: Sequence[Mapping[str, str]] | None = None,
    factors: Sequence[Factor] = (),
    top: int = W.TOP,
    dtype=np.float32,
    chunk: int = 512,
) -> Batch:
    """Score m people over every occupation as matrix products, `chunk` people at a time (the matrices stay in the
    processor's cache).

    interests (m, 6) scores; values (m, 6) Borda points or None; centres (m, c) 0/1 over prepared.centre_ids columns;
    excluded_contexts (m, k) 0/1 over prepared.context_ids columns; levels (m,) person levels 2..8 (0 = not given);
    max_months (m,) with inf for no limit; reactions, per person, {code_rome: kind} (or None); factors apply to
    everyone. Skills and mobility are per-person sparse evidence, added by rank()."""
    m = interests.shape[0]
    occupations = _batch_arrays(prepared, dtype)
    weights = {"interests": W.WEIGHTS["interests"]}
    if values is not None:
        weights["values"] = W.WEIGHTS["values"]
    if centres is not None:
        weights["centres"] = W.WEIGHTS["centres"]
    norm = sum(weights.values())
    people = _unit(interests, dtype) * dtype(weights["interests"] / norm)
    sides = occupations["combined"]
    if values is not None:
        people = np.hstack([people, _unit(values, dtype) * dtype(weights["values"] / norm)])
        sides = np.vstack([sides, occupations["values"]])
    shift = np.zeros(prepared.size, dtype=dtype)
    for factor in factors:
        shift += factor.effect().astype(dtype)
    top_all = np.empty((m, min(top, prepared.size)), dtype=np.int64)
    scores_all = np.empty(top_all.shape, dtype=dtype)
    centre_weight = weights.get("centres", 0.0) / norm
    centre_rows = _centre_rows(prepared).astype(dtype)
    effects = _ReactionRows(prepared, reactions, dtype) if reactions is not None else None
    for start in range(0, m, chunk):
        stop = min(m, start + chunk)
        # einsum rather than BLAS: a product of 6 or 12 terms gains nothing from BLAS threads, which only wait for
        # a core on a busy machine (measured: 8 ms single-threaded, 650 ms with two threads on a loaded machine)
        total = np.einsum("ij,jk->ik", people[start:stop], sides)
        if centres is not None:
            # max over the picked centres of (0, 0.6, 1), centre by centre over the few people who picked each one
            picked = centres[start:stop] > 0
            matched = np.zeros_like(total)
            for column in np.flatnonzero(picked.any(axis=0)):
                rows = np.flatnonzero(picked[:, column])
                matched[rows] = np.maximum(matched[rows], centre_rows[column])
            matched *= dtype(centre_weight)
            total += matched
        if factors:
            total += shift
        if effects is not None:
            effects.add(total, start, stop)
        if excluded_contexts is not None:
            excluded = excluded_contexts[start:stop] > 0
            for column in np.flatnonzero(excluded.any(axis=0)):
                rows = np.flatnonzero(excluded[:, column])
                total[np.ix_(rows, prepared.context_occupations[column])] = -np.inf
        if levels is not None and max_months is not None:
            chunk_levels, chunk_limits = levels[start:stop], max_months[start:stop]
            for level in np.unique(chunk_levels):
                if not 2 <= level <= 8:
                    continue
                at_level = chunk_levels == level
                for limit in np.unique(chunk_limits[at_level]):
                    if np.isinf(limit):
                        continue
                    rows = np.flatnonzero(at_level & (chunk_limits == limit))
                    total[np.ix_(rows, _too_long(prepared, int(level), float(limit)))] = -np.inf
        top_all[start:stop], scores_all[start:stop] = top_k_rows(total, top)
    return Batch(top_all, scores_all)


class _ReactionRows:
    """Every reaction of a batch as ids into one matrix of effects (a row of zeros for 'no reaction'), so that each
    chunk adds them with one gather per reaction slot."""

    def __init__(self, prepared: Prepared, reactions: Sequence[Mapping[str, str] | None], dtype):
        keys: dict[tuple[str, str], int] = {}
        slots: list[np.ndarray] = []
        index = prepared.index
        for row, said in enumerate(reactions):
            if not said:
                continue
            slot = 0
            for item in said.items():
                key = keys.get(item)
                if key is None:
                    if item[0] not in index or item[1] not in (FITS, NOT_FOR_ME):
                        continue
                    key = keys[item] = len(keys) + 1
                if slot == len(slots):
                    slots.append(np.zeros(len(reactions), dtype=np.int64))
                slots[slot][row] = key
                slot += 1
        self.slots = slots
        self.matrix = np.zeros((len(keys) + 1, prepared.size), dtype=dtype)
        for (code, kind), key in keys.items():
            self.matrix[key] = reaction_effect(prepared, index[code], kind)

    def add(self, total: np.ndarray, start: int, stop: int) -> None:
        buffer = np.empty_like(total)
        for ids in self.slots:
            np.take(self.matrix, ids[start:stop], axis=0, out=buffer)
            total += buffer


__all__ = ["Batch", "rank_batch", "top_k_rows"]
