"""The front ends: command line, watcher, batch workers, configuration, console.

They reach the stages through the pipeline.
"""
