"""assembler: the reports of a helhedsplan's years to Landsbyggefonden, built from its Excel workbooks."""
