"""Reports that live on after staff edit them: an edited report is updated in place, earlier versions kept.

Runs after render and writes through output; imports render.marking, output and the shared modules.
"""
