"""A pytest plugin that runs the Piazza servers irctest tests.

irctest's own controllers start a new server for each test; its external_server controller
connects to one server for the whole run, so state left by one test (a nick still held by a
client whose socket is being closed, a channel's topic, a room that still exists) would leak
into the next. This plugin starts a fresh server for each test file (PIAZZA_FRESH=module, the
default) or for each test (PIAZZA_FRESH=test: exact, and slower by a server start per test),
always keeping a spare started in the background, and points irctest at it
(IRCTEST_SERVER_PORT). After each test, every client of the test says QUIT and waits for the
server to close it, so the next test finds its nicks free.

It also leaves out the tests named in PIAZZA_DESELECT (a file: one test id a line, then '#'
and the reason), matching ids exactly (pytest's --deselect matches prefixes, so testBan would
also drop testBanList).

Environment: PIAZZA_SERVER (the server executable), PIAZZA_SERVER_ARGS (extra options),
PIAZZA_SERVER_LOGS (a directory for each server's log; optional), PIAZZA_FRESH, PIAZZA_DESELECT.
"""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    count = 0

    def __init__(self):
        _Server.count += 1
        self.data = tempfile.mkdtemp(prefix="piazza-irctest-")
        self.irc_port = _free_port()
        port = _free_port()
        logs = os.environ.get("PIAZZA_SERVER_LOGS")
        self.log = open(
            os.path.join(logs, f"server-{_Server.count}.log") if logs else os.devnull, "wb"
        )
        args = [
            os.environ["PIAZZA_SERVER"],
            "--port", str(port),
            "--irc-port", str(self.irc_port),
            "--store", "memory",
            "--data-dir", self.data,
        ] + shlex.split(os.environ.get("PIAZZA_SERVER_ARGS", ""))
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Piazza server exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.irc_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the Piazza server did not listen in time")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


_current = None
_spare = None
_scope = None


def _deselected_ids():
    path = os.environ.get("PIAZZA_DESELECT")
    if not path or not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.split("#", 1)[0].strip() for line in f} - {""}


def pytest_collection_modifyitems(config, items):
    wanted = _deselected_ids()
    if not wanted:
        return
    kept = [item for item in items if item.nodeid not in wanted]
    dropped = [item for item in items if item.nodeid in wanted]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    global _current, _spare, _scope
    scope = item.nodeid if os.environ.get("PIAZZA_FRESH") == "test" else item.module.__name__
    if _current is not None and scope == _scope:
        return
    _scope = scope
    if _current is not None:
        _current.stop()
    _current = _spare if _spare is not None else _Server()
    _spare = _Server()
    _current.wait_ready()
    os.environ["IRCTEST_SERVER_HOSTNAME"] = "127.0.0.1"
    os.environ["IRCTEST_SERVER_PORT"] = str(_current.irc_port)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    """Each client says QUIT and reads until the server closes it: its nick is free again."""
    clients = getattr(item.instance, "clients", None) or {}
    for client in list(clients.values()):
        conn = getattr(client, "conn", None)
        if conn is None:
            continue
        try:
            conn.settimeout(5)
            conn.sendall(b"QUIT\r\n")
            while conn.recv(65536):
                pass
        except OSError:
            pass


def pytest_sessionfinish(session):
    global _current, _spare
    for server in (_current, _spare):
        if server is not None:
            server.stop()
    _current = _spare = None
