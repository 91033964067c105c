"""Exercise sheet 000, exercise b): the Rosenbrock function as a computation graph."""
