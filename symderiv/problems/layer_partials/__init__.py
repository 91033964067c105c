"""Exercise sheet 002, Aufgabe 1 (a)-(f): partial derivatives of a layer, component by component."""
