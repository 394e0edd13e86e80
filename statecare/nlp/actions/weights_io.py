"""The files of a sparse per-label linear model: weights (.npz) and meta (.json).

Both action models (learned.LearnedComplement, shipped; context_model.ContextModel, measured only)
keep a sparse coefficient matrix and an intercept per label the same way, so they share this one
reader and writer: the arrays are stored compactly, the meta records a hash of the arrays (not of
the zip file, whose member timestamps change on every save), and a missing or unreadable file is
an error that names the folder and the command that rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

REBUILD = "rebuild them with `statecare nlp train actions`"


def save_weights(directory: Path, weights_file: str, meta_file: str, arrays: dict[str, np.ndarray],
                 shape: tuple[int, ...], meta: dict[str, Any]) -> None:
    """Write `arrays` (row, col, data, intercept) and `meta` + weights_sha256 into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    members: dict[str, Any] = {"shape": np.asarray(shape, dtype=np.int64), **arrays}
    np.savez_compressed(directory / weights_file, **members)
    digest = hashlib.sha256()
    for arr in arrays.values():
        digest.update(np.ascontiguousarray(arr).tobytes())
    meta = dict(meta, weights_sha256=digest.hexdigest())
    (directory / meta_file).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_weights(directory: Path, weights_file: str, meta_file: str,
                 error: type[Exception]) -> tuple[dict[str, Any], sp.csr_matrix, np.ndarray]:
    """(meta, coefficients as float32 CSR, intercept) written by save_weights; `error` when missing
    or unreadable, naming the folder."""
    wpath, mpath = directory / weights_file, directory / meta_file
    if not wpath.is_file() or not mpath.is_file():
        raise error(f"action model files missing in {directory} (need {weights_file} and {meta_file}); {REBUILD}")
    try:
        meta = json.loads(mpath.read_text(encoding="utf-8"))
        with np.load(wpath) as z:
            shape = tuple(int(v) for v in z["shape"])
            coef = sp.coo_matrix((z["data"].astype(np.float32), (z["row"], z["col"].astype(np.int32))),
                                 shape=shape).tocsr()
            intercept = np.asarray(z["intercept"])
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise error(f"cannot read action model in {directory}: {exc}") from exc
    return meta, coef, intercept
