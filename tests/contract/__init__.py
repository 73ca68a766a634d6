"""Tests of assembler.contract: the declaration, cells, validation, vocabulary, the blank workbook."""
