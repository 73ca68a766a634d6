"""Templates and their check, rendering with docxtpl, charts, layout, verification.

Imports context, the documents list and the shared modules; never openpyxl.
"""
