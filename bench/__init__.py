"""Benchmarks: gotmpl against Go's text/template, Jinja2 and gotpl, and the webhook sender
against raw httpx, measured side by side in one run (`python -m bench`)."""
