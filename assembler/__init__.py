"""assembler: Landsbyggefondens etårsstatus built from a helhedsplan's Excel workbooks."""
