"""Tests of assembler.read: finding plans, sniffing files, reading workbooks."""
