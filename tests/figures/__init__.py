"""Tests of assembler.figures: the report figures computed from the model."""
