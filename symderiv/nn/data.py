"""Data for the numeric companion: the CIFAR-10 python batches from a local directory
(no downloads) and scikit-learn's bundled 8x8 digits as a small real image set.

CIFAR-10 "python version" files are pickles ``data_batch_1`` .. ``data_batch_5`` and
``test_batch``, each a dict with ``b"data"`` (uint8, (N, 3072): 1024 red, 1024 green,
1024 blue values of a 32x32 image, row-major) and ``b"labels"`` (N ints in 0..9).
Pickles can run code when loaded, so they are read with a restricted unpickler that only
accepts the NumPy array machinery (anything else is refused with :class:`DataError`).
"""
from __future__ import annotations

import io
import os
import pickle
from typing import Optional

import numpy as np

__all__ = ["DataError", "load_cifar_batch", "load_cifar10", "get_cifar10_data",
           "load_digits_data", "CIFAR_TRAIN_FILES", "CIFAR_TEST_FILE"]

CIFAR_TRAIN_FILES = tuple(f"data_batch_{i}" for i in range(1, 6))
CIFAR_TEST_FILE = "test_batch"


class DataError(ValueError):
    """Missing or malformed data (a usage error for the CLI: one line, exit 2)."""


def _allowed():
    from numpy._core import multiarray
    return {
        ("numpy.core.multiarray", "_reconstruct"): multiarray._reconstruct,
        ("numpy._core.multiarray", "_reconstruct"): multiarray._reconstruct,
        ("numpy.core.multiarray", "scalar"): multiarray.scalar,
        ("numpy._core.multiarray", "scalar"): multiarray.scalar,
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("_codecs", "encode"): _encode_latin1,  # bytes in protocol-2 pickles written by Python 3
    }


def _encode_latin1(text, encoding="latin1"):
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise DataError("unexpected encoded object in a data file")
    return text.encode("latin1")


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        table = _allowed()
        if (module, name) in table:
            return table[(module, name)]
        raise DataError(f"refusing to load '{module}.{name}' from a data file "
                        "(only NumPy arrays, lists and dicts are allowed)")


#: bytes read at most from one data batch file
MAX_BATCH_BYTES = 256 * 2**20


def _unpickle(path: str):
    with open(path, "rb") as fh:  # a CIFAR-10 batch is ~31 MB; devices and pipes end at the limit
        raw = fh.read(MAX_BATCH_BYTES + 1)
    if len(raw) > MAX_BATCH_BYTES:
        raise DataError(f"{path}: larger than {MAX_BATCH_BYTES // 2**20} MB, not a CIFAR-10 batch")
    try:
        return _SafeUnpickler(io.BytesIO(raw), encoding="bytes").load()
    except DataError as exc:
        raise DataError(f"{path}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - any unpickling failure is bad data
        raise DataError(f"{path}: not a CIFAR-10 python batch ({type(exc).__name__})") from None


def load_cifar_batch(path: str):
    """One batch file -> ``(X, y)``: X float64 (N, 32, 32, 3), y int64 (N,)."""
    X, y = _load_raw(path)
    return X.astype(float), y


def _load_raw(path: str):
    """One batch file -> ``(X uint8 (N, 32, 32, 3), y int64)``."""
    d = _unpickle(path)
    if not isinstance(d, dict):
        raise DataError(f"{path}: not a CIFAR-10 python batch (expected a dict)")
    data = d.get(b"data", d.get("data"))
    labels = d.get(b"labels", d.get("labels"))
    if data is None or labels is None:
        raise DataError(f"{path}: not a CIFAR-10 python batch (no 'data'/'labels')")
    data = np.asarray(data)
    labels = np.asarray(labels)
    if data.ndim != 2 or data.shape[1] != 3072 or labels.shape != (data.shape[0],):
        raise DataError(f"{path}: expected data of shape (N, 3072) and N labels, "
                        f"got {data.shape} and {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise DataError(f"{path}: labels must lie in 0..9")
    if data.dtype != np.uint8:
        raise DataError(f"{path}: expected uint8 pixel values, got {data.dtype}")
    X = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return X, labels.astype(np.int64)


def _cifar_dir(root: str) -> str:
    if not os.path.isdir(root):
        raise DataError(f"data directory '{root}' does not exist")
    for cand in (root, os.path.join(root, "cifar-10-batches-py")):
        if os.path.isfile(os.path.join(cand, CIFAR_TEST_FILE)) and \
                os.path.isfile(os.path.join(cand, CIFAR_TRAIN_FILES[0])):
            return cand
    raise DataError(f"'{root}' holds no CIFAR-10 python batches "
                    f"(expected {CIFAR_TRAIN_FILES[0]} .. and {CIFAR_TEST_FILE})")


def load_cifar10(root: str):
    """All training batches present (data_batch_1 .. 5, consecutive from 1) and the test
    batch -> ``(X_train, y_train, X_test, y_test)``; images stay uint8 (N, 32, 32, 3)
    here (150 MB for all of CIFAR-10), :func:`get_cifar10_data` converts the slices it
    uses to float64."""
    d = _cifar_dir(root)
    xs, ys = [], []
    for name in CIFAR_TRAIN_FILES:
        path = os.path.join(d, name)
        if not os.path.isfile(path):
            break
        X, y = _load_raw(path)
        xs.append(X)
        ys.append(y)
    X_test, y_test = _load_raw(os.path.join(d, CIFAR_TEST_FILE))
    return np.concatenate(xs), np.concatenate(ys), X_test, y_test


def _split(X, y, X_test, y_test, num_training, num_validation, num_test, subtract_mean, what):
    n = X.shape[0]
    if num_validation is None:
        num_validation = min(1000, n // 10 if n >= 10 else 1 if n > 1 else 0)
    if num_training is None:
        num_training = n - num_validation
    if num_training < 1 or num_validation < 1 or num_training + num_validation > n:
        raise DataError(f"{what}: {n} training images cannot give {num_training} for training "
                        f"and {num_validation} for validation")
    X_val, y_val = X[num_training:num_training + num_validation], y[num_training:num_training + num_validation]
    X_tr, y_tr = X[:num_training], y[:num_training]
    if num_test is not None:
        X_test, y_test = X_test[:num_test], y_test[:num_test]
    X_tr = X_tr.reshape(X_tr.shape[0], -1).astype(float)
    X_val = X_val.reshape(X_val.shape[0], -1).astype(float)
    X_test = X_test.reshape(X_test.shape[0], -1).astype(float)
    if subtract_mean:
        mean = X_tr.mean(axis=0)
        X_tr, X_val, X_test = X_tr - mean, X_val - mean, X_test - mean
    return {"X_train": X_tr, "y_train": y_tr, "X_val": X_val, "y_val": y_val,
            "X_test": X_test, "y_test": y_test}


def get_cifar10_data(root: str, num_training: Optional[int] = None,
                     num_validation: Optional[int] = None, num_test: Optional[int] = None,
                     subtract_mean: bool = True) -> dict:
    """The course's ``get_CIFAR10_data``: the first ``num_training`` training images, the
    next ``num_validation`` for validation (default 1000, or a tenth of a small set), the
    test batch; images flattened to 3072 values, the training mean subtracted."""
    X, y, X_test, y_test = load_cifar10(root)
    return _split(X, y, X_test, y_test, num_training, num_validation, num_test,
                  subtract_mean, "CIFAR-10")


def load_digits_data(num_training: int = 100, num_validation: int = 500, seed: int = 0) -> dict:
    """scikit-learn's bundled 8x8 digits (1797 images, ships with the package, no
    download), shuffled with ``seed``, scaled to [0, 1] and centred by the training mean;
    the images not used for training/validation form the test set."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise DataError("the digits experiment needs scikit-learn (pip install scikit-learn), "
                        "or give CIFAR-10 batches with --data DIR") from None
    digits = load_digits()
    X = digits.data.astype(float) / 16.0
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    X, y = X[order], y[order]
    n_tr = int(num_training)
    n_val = int(num_validation)
    if n_tr < 1 or n_val < 1 or n_tr + n_val >= len(y):
        raise DataError(f"digits: {len(y)} images cannot give {n_tr} for training and "
                        f"{n_val} for validation (and keep a test set)")
    rest_X, rest_y = X[n_tr + n_val:], y[n_tr + n_val:]
    return _split(X[:n_tr + n_val], y[:n_tr + n_val], rest_X, rest_y, n_tr, n_val, None,
                  True, "digits")
