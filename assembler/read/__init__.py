"""Finding plans and reading their workbooks into located cells.

No domain knowledge here; imports only the shared modules (errors, danish, boundary).
"""
