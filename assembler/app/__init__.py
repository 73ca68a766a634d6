"""The front ends: command line, watcher, service, batch workers, configuration, console.

They import only the pipeline, the documents list and the shared modules (and each other); the
stages, openpyxl and docxtpl are reached through the pipeline.
"""
