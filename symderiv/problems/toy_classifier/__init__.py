"""Sheet 004, Task 6: a neural network implementation (see :mod:`.problem`)."""
