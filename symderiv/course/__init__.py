"""Workflows over problems and documents: every report, sheets, exports, grading."""
