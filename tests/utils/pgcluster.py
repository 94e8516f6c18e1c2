"""A PostgreSQL cluster of the test's own (initdb + pg_ctl of the server's major version) in
a temporary folder on a free loopback port, never the shared server on 5432: a fault test
may stop and restart it at will. As root, the cluster runs as the ``postgres`` system user
(PostgreSQL refuses to run as root).
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# Below the kernel's ephemeral range (32768-60999 here): at 55432, a client retrying the
# stopped server could be given that very port for its own end (a TCP self-connect) and
# the restart then failed with "Address already in use" (seen once in CI).
FIRST_PORT = 25432


def bin_dir() -> Path | None:
    """The folder of initdb/pg_ctl: TDKT_PG_BIN_DIR, else the newest /usr/lib/postgresql/N."""
    if folder := os.environ.get("TDKT_PG_BIN_DIR"):
        return Path(folder)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class OwnPostgres:
    def __init__(self) -> None:
        self.bin = bin_dir()
        self.port = next(p for p in range(FIRST_PORT, FIRST_PORT + 100) if _port_is_free(p))
        self.root = Path(tempfile.mkdtemp(prefix="tdkt-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_user = None
        if os.geteuid() == 0:
            self.as_user = "postgres"
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, cwd="/")

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self, attempts: int = 3) -> None:
        """Start the server; on a loaded machine a start right after a stop can fail once
        (seen in CI): try again, and say what the server logged if it never starts."""
        for attempt in range(attempts):
            result = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off",
                "start", check=False,
            )  # fmt: skip
            if result.returncode == 0:
                return
            time.sleep(1 + attempt)
        log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {result.stdout}{result.stderr}\n{log}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [str(self.bin / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql,
             self.url(database)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def own_postgres():
    cluster = OwnPostgres()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
