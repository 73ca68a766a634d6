"""Reports that live on after staff edit them: the folder's state, reports updated in place, no save lost.

Runs after render and writes through output; imports render, output and the shared modules.
"""
