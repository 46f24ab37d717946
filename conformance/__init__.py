"""Conformance data: the Go oracle program, case files, and the expected files it writes."""
