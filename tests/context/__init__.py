"""Tests of assembler.context: what each report says, from the context its template is given."""
