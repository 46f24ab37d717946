"""`python -m conformance.gen_cases`: regenerate the case files this project writes by script.

Writes parse_go, parse_spec, parse_own, exec_go, exec_spec, exec_own, exec_flipt, flipt_body,
exec_scope, exec_nesting, exec_capacity, exec_event_keys, exec_methods, exec_bytes,
parse_unicode, parse_names, exec_compare, exec_deep_data, exec_mapsort, files and exec_pyvalues
under
conformance/cases/. fmt_*/json_* case files belong to their own authors and are untouched.
Then run `python -m conformance.regen` to refresh the expected files from Go.
"""

from __future__ import annotations

from conformance import (
    gen_data,
    gen_files,
    gen_go,
    gen_leaf,
    gen_own,
    gen_pyvalues,
    gen_scope,
    gen_spec,
)
from conformance.gen_common import write_cases


def main() -> None:
    """Write every generated case file."""
    spec_parse, spec_exec = gen_spec.spec_cases()
    write_cases("parse_go", gen_go.parse_cases())
    write_cases("parse_spec", spec_parse)
    write_cases("parse_own", gen_own.parse_cases())
    write_cases("exec_go", gen_go.exec_cases())
    write_cases("exec_spec", spec_exec)
    write_cases("exec_own", gen_own.exec_cases())
    flipt_exec, flipt_body = gen_own.flipt_cases()
    write_cases("exec_flipt", flipt_exec)
    write_cases("flipt_body", flipt_body)
    write_cases("exec_scope", gen_scope.scope_cases())
    write_cases("exec_nesting", gen_scope.nesting_cases())
    write_cases("exec_capacity", gen_data.capacity_cases())
    write_cases("exec_event_keys", gen_data.event_decoding_cases())
    write_cases("exec_methods", gen_data.method_cases())
    write_cases("exec_bytes", gen_leaf.bytes_cases())
    write_cases("parse_unicode", gen_leaf.unicode_cases())
    write_cases("parse_names", gen_leaf.names_cases())
    write_cases("exec_compare", gen_leaf.compare_cases())
    write_cases("exec_deep_data", gen_leaf.deep_cases())
    write_cases("exec_mapsort", gen_leaf.mapsort_cases())
    write_cases("files", gen_files.files_cases())
    write_cases("exec_pyvalues", gen_pyvalues.pyvalues_cases())


if __name__ == "__main__":
    main()
