"""Lecture 003: the activation atlas in the declared format (see problem.py)."""
