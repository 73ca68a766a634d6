"""The report figures, computed once from the model as exact numbers.

Imports contract and the shared modules.
"""
