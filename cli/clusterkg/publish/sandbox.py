"""Confine a query worker process: no network, bounded memory.

``deny_network`` installs a seccomp filter (Linux, x86-64 and arm64) under which the process
can make no Internet socket: ``socket(AF_INET | AF_INET6, ...)`` fails with EACCES, whatever
the engine was asked to do (``SERVICE``), while the pipe to the server keeps working. The
filter cannot be removed, and is inherited by any child. ``limit_memory`` caps the private
memory the process may take (``RLIMIT_DATA``): an allocation past it fails, and the process
with it, not the server.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import resource
import socket
import struct
import sys

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
# audit architecture, socket(2) system call number
_ARCHITECTURES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_X32 = 0x40000000  # x86-64's x32 calls: the same numbers with this bit
_LD_ABS_W, _JEQ, _RET = 0x20, 0x15, 0x06
_ALLOW = 0x7FFF0000
_DENY = 0x00050000 | errno.EACCES  # SECCOMP_RET_ERRNO


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def deny_network() -> bool:
    """Forbid Internet sockets to this process from now on; False where the kernel or the
    machine does not allow it (the caller keeps its other guards)."""
    machine = _ARCHITECTURES.get(platform.machine())
    if not sys.platform.startswith("linux") or machine is None:
        return False
    arch, socket_call = machine
    program = [
        _op(_LD_ABS_W, 4),  # seccomp_data.arch
        _op(_JEQ, arch, 1, 0),
        _op(_RET, _ALLOW),
        _op(_LD_ABS_W, 0),  # seccomp_data.nr
        _op(_JEQ, socket_call, 1, 0),
        _op(_JEQ, socket_call | _X32, 0, 3),  # neither: allow (jump to the ALLOW below)
        _op(_LD_ABS_W, 16),  # seccomp_data.args[0]: the address family
        _op(_JEQ, socket.AF_INET, 2, 0),
        _op(_JEQ, socket.AF_INET6, 1, 0),
        _op(_RET, _ALLOW),
        _op(_RET, _DENY),
    ]
    code = ctypes.create_string_buffer(b"".join(program))
    filter_program = _Program(len(program), ctypes.addressof(code))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(filter_program), 0, 0):
        return False
    try:  # prove it
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except OSError:
        return True
    return False  # pragma: no cover - a kernel that accepted the filter but ignores it


def data_bytes() -> int:
    """The private memory this process holds (``VmData``; what ``RLIMIT_DATA`` limits)."""
    return _status_kib("VmData") * 1024


def resident_bytes() -> int:
    """This process's resident memory (``VmRSS``)."""
    return _status_kib("VmRSS") * 1024


def _status_kib(field: str) -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def limit_memory(budget: int) -> bool:
    """Let this process take at most ``budget`` more bytes of private memory than it holds
    now; False where that cannot be measured."""
    held = data_bytes()
    if held == 0:
        return False
    limit = held + budget
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    return True
