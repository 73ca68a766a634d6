"""Tests of assembler.output: safe, atomic writing of the reports."""
