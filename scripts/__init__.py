"""Project code for IPT Guide: MkDocs hooks (scripts/hooks), shared helpers and tools."""
