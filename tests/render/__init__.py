"""Tests of assembler.render: templates, fields, charts, layout, caching and verification."""
