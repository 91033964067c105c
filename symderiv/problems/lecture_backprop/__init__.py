"""Lecture 003, the backpropagation part: difference quotients, the computation-graph
example, paths against forward and reverse accumulation, backpropagation on the example and
on one neuron, the Jacobians of the L2 and L1 loss and of the affine map."""
