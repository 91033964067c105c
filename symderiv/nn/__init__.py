"""The numeric companion: a NumPy reference network (exercise 004), modular layers and
optimizers (exercise 001, Aufgabe 11) and data loaders (CIFAR-10 batches, digits).

Submodules: :mod:`.optim`, :mod:`.layers`, :mod:`.network`, :mod:`.data`, :mod:`.model`.
"""
from __future__ import annotations

__all__ = ["NeuralNetwork"]


def __getattr__(name):  # lazy, so importing symderiv.nn.optim stays light
    if name == "NeuralNetwork":
        from symderiv.nn.network import NeuralNetwork
        return NeuralNetwork
    raise AttributeError(name)
