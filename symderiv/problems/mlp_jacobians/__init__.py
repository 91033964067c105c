"""Exercise sheet 000, c) and its Bonus: backpropagation through an MLP as a product of Jacobians."""
