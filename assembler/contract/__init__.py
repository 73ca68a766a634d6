"""The workbook contract: its declaration, cell parsing, validation into the typed model.

Also the vocabulary and the blank workbook; imports read and the shared modules.
"""
