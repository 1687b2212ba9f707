# SPDX-License-Identifier: GPL-2.0-or-later
"""A local HTTP server that emulates the providers' documented contracts strictly.

Run it with ``python -m sandbox --port 0``; tests use ``SandboxServer`` as a fixture.
"""

from .app import SandboxServer, create_app
from .core import SandboxConfig

__all__ = ["SandboxServer", "SandboxConfig", "create_app"]
