"""Writing files safely: safe names, the folder's lock, atomic writes that never replace a person's save, FEJL.txt.

Imports only the shared modules.
"""
