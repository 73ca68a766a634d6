"""Writing reports safely: names, the manifest, atomic writes and FEJL.txt.

Imports only the shared modules.
"""
