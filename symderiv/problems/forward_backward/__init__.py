"""Sheet 004, Task 5: a simple neural network (forward pass and backpropagation by hand)."""
