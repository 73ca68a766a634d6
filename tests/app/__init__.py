"""Tests of assembler.app: the command line, the watcher, the service and batch building."""
