"""`execute_to`: when the file refuses a write, its own error comes back, as Go's Execute
returns the writer's error itself (exec.go strips its `writeError` wrapper), not an
ExecError about the template."""

from __future__ import annotations

import errno
import io

import pytest

from gotmpl import Template, TemplateError


class FullDisk(io.StringIO):
    """A text file that takes `room` characters, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, s: str) -> int:
        if self.tell() + len(s) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(s)


@pytest.mark.parametrize(
    "source",
    [
        "{{range 10}}line {{.}}\n{{end}}",
        '{{define "x"}}{{.}}{{end}}{{range 9}}{{template "x" .}}{{end}}',
    ],
)
def test_the_writers_own_error_comes_back(source: str) -> None:
    out = FullDisk(room=5)
    with pytest.raises(OSError) as info:
        Template("t").parse(source).execute_to(out)
    assert info.value.errno == errno.ENOSPC and not isinstance(info.value, TemplateError)
    assert len(out.getvalue()) <= 5


def test_a_character_the_file_cannot_encode_is_the_files_error_mid_render_too() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    with pytest.raises(UnicodeEncodeError):
        Template("t").parse("a{{range 3}}é{{end}}").execute_to(out)
