# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/spdx.py: the header goes after shebang and encoding lines, once, and --check notices a missing one."""

from __future__ import annotations

from .conftest import load_script

spdx = load_script("spdx")
H = spdx.HEADER


def test_plain_file_gets_header_first():
    assert spdx.with_header('"""Doc."""\nx = 1\n') == f'{H}\n"""Doc."""\nx = 1\n'


def test_shebang_and_encoding_stay_first():
    text = "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint('hi')\n"
    assert spdx.with_header(text) == f"#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n{H}\nprint('hi')\n"
    assert spdx.with_header("#!/bin/bash\necho\n") == f"#!/bin/bash\n{H}\necho\n"
    assert spdx.with_header("# coding=latin-1\nx = 1\n") == f"# coding=latin-1\n{H}\nx = 1\n"


def test_idempotent_and_keeps_crlf():
    once = spdx.with_header("#!/bin/sh\r\necho\r\n")
    assert once == f"#!/bin/sh\r\n{H}\r\necho\r\n"
    assert spdx.with_header(once) == once
    assert spdx.with_header("") == f"{H}\n"
    assert spdx.with_header("#!/bin/sh") == f"#!/bin/sh\n{H}\n"


def test_check_and_fix_on_files(tmp_path, capsys):
    bare = tmp_path / "bare.py"
    bare.write_text("#!/usr/bin/env python3\nx = 1\n", encoding="utf-8")
    assert spdx.main(["--check", str(bare)]) == 1
    assert "missing SPDX header" in capsys.readouterr().out
    assert spdx.main(["--fix", str(bare)]) == 0
    fixed = bare.read_text(encoding="utf-8")
    assert fixed == f"#!/usr/bin/env python3\n{H}\nx = 1\n"
    assert spdx.main(["--fix", str(bare)]) == 0
    assert bare.read_text(encoding="utf-8") == fixed
    assert spdx.main(["--check", str(bare)]) == 0


def test_lists_tracked_sources_only():
    files = spdx.source_files()
    rel = {str(p.relative_to(spdx.ROOT)) for p in files}
    assert "plugin.py" in rel and "scripts/bootstrap.sh" in rel
    assert not [r for r in rel if r.startswith((".venv", "build/", ".pytest_pkg"))]
