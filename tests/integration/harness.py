"""Integration-test harness: real SIP peers (kamailio, sipp) on loopback.

deskphone's SIP stack is tested end to end against the peers a real site
would run, not against mocks.  This module starts and stops them:

  Workdir   a temp dir holding every file of one test (configs, logs,
            traces); removed after a passing test, kept after a failing one.
  Kamailio  registrar + record-routing stateful proxy, digest auth from a
            db_text subscriber table the harness writes; context manager.
  Sipp      one sipp run: to completion (run()) or in the background
            (start()/stop(), or as a context manager), e.g. a UAS.

Everything listens on 127.0.0.1 on ports picked at random, so several test
runs can share a machine; every process started here is stopped on exit,
also when the test fails, and every wait is bounded.

Python 3 standard library only.  Peers come from Debian 12: kamailio,
kamailio-tls-modules, sip-tester (sipp), openssl (see tools/deps).
"""

import hashlib
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
CFG_TEMPLATE = HERE / "kamailio" / "kamailio.cfg.in"
SCENARIOS = HERE / "scenarios"

HOST = "127.0.0.1"
DOMAIN = "deskphone.test"
USERS = {"alice": "alicepw", "bob": "bobpw", "carol": "carolpw"}

KAMAILIO_START_TIMEOUT = 10.0
STOP_GRACE = 5.0

# Set to keep every work dir, also after passing tests.
KEEP_ENV = "DESKPHONE_IT_KEEP"
# Parent of the work dirs (meson sets it inside the build dir).
TMPDIR_ENV = "DESKPHONE_IT_TMPDIR"


class HarnessError(Exception):
    """A peer could not be started or did something the harness did not expect."""


def tool(name):
    """Absolute path of an installed peer program, or HarnessError saying how to get it."""
    for d in (None, "/usr/sbin", "/sbin"):
        path = shutil.which(name, path=d) if d else shutil.which(name)
        if path:
            return path
    raise HarnessError(f"'{name}' is not installed; run tools/deps "
                       f"(installs kamailio, kamailio-tls-modules, sip-tester, openssl)")


# ---------------------------------------------------------------- ports

def free_port(proto="udp", host=HOST):
    """A port on host that is free right now for proto: 'udp', 'tcp' or 'udp+tcp'.

    The kernel picks it (bind to port 0), so concurrent test runs get
    different ports.  It is only free until someone else binds it: callers
    that start a server retry with a new port if the bind fails.
    """
    if proto not in ("udp", "tcp", "udp+tcp"):
        raise ValueError(f"free_port: proto must be udp, tcp or udp+tcp, not {proto!r}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(100):
        first = socket.socket(family, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
        try:
            first.bind((host, 0))
            port = first.getsockname()[1]
            if proto != "udp+tcp":
                return port
            second = socket.socket(family, socket.SOCK_STREAM)
            try:
                second.bind((host, port))
                return port
            except OSError:
                continue
            finally:
                second.close()
        finally:
            first.close()
    raise HarnessError(f"no free {proto} port on {host} after 100 tries")


# ---------------------------------------------------------------- work dir

class Workdir:
    """A temp dir for one test.  Kept (and its path printed) if the block
    raises or DESKPHONE_IT_KEEP is set, so the logs can be read afterwards."""

    def __init__(self, name="test"):
        parent = os.environ.get(TMPDIR_ENV) or None
        if parent:
            os.makedirs(parent, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.path = Path(tempfile.mkdtemp(prefix=f"deskphone-it-{safe}-", dir=parent))

    def __truediv__(self, other):
        return self.path / other

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None or os.environ.get(KEEP_ENV):
            print(f"# logs kept in {self.path}", flush=True)
        else:
            shutil.rmtree(self.path, ignore_errors=True)
        return False


def _tail(path, lines=30):
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(text[-lines:])


def _stop_process(proc, grace=STOP_GRACE):
    """SIGTERM, wait up to grace seconds, then SIGKILL the whole process group.

    Every peer is started with start_new_session=True, so its group holds
    exactly the processes it forked (kamailio's children) and nothing else.
    """
    if proc is None:
        return
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass


# ---------------------------------------------------------------- raw SIP probes

def sip_options(host, port, timeout=1.0, transport="udp", tls_context=None):
    """Send one OPTIONS sip:host:port and return the status code of the answer.

    transport is 'udp', 'tcp' or 'tls' (tls_context required for tls).
    Raises OSError/socket.timeout if nothing answers within timeout.
    Used as the readiness probe; tests use sipp for real traffic.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    hostpart = f"[{host}]" if ":" in host else host
    branch = "z9hG4bK" + uuid.uuid4().hex[:16]
    proto = {"udp": "UDP", "tcp": "TCP", "tls": "TLS"}[transport]

    def build(local):
        # IPv6 references are bracketed in Via too (RFC 5118 4.5)
        lhost = f"[{local[0]}]" if ":" in local[0] else local[0]
        return (f"OPTIONS sip:{hostpart}:{port} SIP/2.0\r\n"
                f"Via: SIP/2.0/{proto} {lhost}:{local[1]};branch={branch};rport\r\n"
                f"Max-Forwards: 70\r\n"
                f"From: <sip:probe@{DOMAIN}>;tag={uuid.uuid4().hex[:8]}\r\n"
                f"To: <sip:{hostpart}:{port}>\r\n"
                f"Call-ID: {uuid.uuid4().hex}@{hostpart}\r\n"
                f"CSeq: 1 OPTIONS\r\n"
                f"Content-Length: 0\r\n\r\n").encode()

    if transport == "udp":
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.settimeout(timeout)
            s.bind((host, 0))
            s.sendto(build(s.getsockname()), (host, port))
            data = s.recv(65535)
    else:
        raw = socket.create_connection((host, port), timeout=timeout)
        s = tls_context.wrap_socket(raw, server_hostname=DOMAIN) if transport == "tls" else raw
        with s:
            s.settimeout(timeout)
            s.sendall(build(s.getsockname()))
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65535)
                if not chunk:
                    break
                data += chunk
    m = re.match(rb"SIP/2\.0 (\d{3}) ", data)
    if not m:
        raise HarnessError(f"not a SIP response: {data[:80]!r}")
    return int(m.group(1))


# ---------------------------------------------------------------- kamailio

class Kamailio:
    """kamailio as registrar + proxy on 127.0.0.1, for the length of a with block.

    users: {name: password} (default USERS), written to a db_text subscriber
    table with plain passwords.  auth=False starts it without digest auth
    (REGISTER and INVITE accepted as sent).  tls=True also listens for TLS
    on .tls_port with a self-signed certificate (.tls_cert, also usable as
    the CA to trust).

    name: sub-dir of workdir for its files (two proxies need two names).

    Attributes after start: host, port (UDP and TCP), tls_port, domain,
    dir, cfg_path, log_path (kamailio's stderr), ctl_socket.
    """

    def __init__(self, users=None, auth=True, tls=False, workdir=None,
                 host=HOST, domain=DOMAIN, start_timeout=KAMAILIO_START_TIMEOUT,
                 name="kamailio"):
        self.users = dict(USERS if users is None else users)
        self.auth = auth
        self.tls = tls
        self.host = host
        self.domain = domain
        self.start_timeout = start_timeout
        self._own_workdir = workdir is None
        self._workdir = Workdir("kamailio") if workdir is None else workdir
        base = self._workdir.path if isinstance(self._workdir, Workdir) else Path(workdir)
        self.dir = base / name
        self.port = None
        self.tls_port = None
        self.proc = None
        self.log_path = self.dir / "kamailio.log"
        self.cfg_path = self.dir / "kamailio.cfg"
        self.ctl_socket = None  # made by start(): see _short_socket_dir()
        self._sockdir = None
        self.db_dir = self.dir / "db"
        self.tls_cert = self.dir / "cert.pem"
        self.tls_key = self.dir / "key.pem"

    # -- what tests address

    @property
    def addr(self):
        """'host:port' for sipp's remote argument."""
        return f"{self.host}:{self.port}"

    @property
    def uri(self):
        return f"sip:{self.host}:{self.port}"

    # -- files

    def _write_db(self):
        self.db_dir.mkdir(parents=True, exist_ok=True)
        # db_text wants a version table listing each table it opens.
        (self.db_dir / "version").write_text(
            "id(int,auto) table_name(string) table_version(int) \n"
            "0:subscriber:7\n")
        rows = ["id(int,auto) username(string) domain(string) password(string) "
                "ha1(string) ha1b(string) "]
        for i, (user, pw) in enumerate(sorted(self.users.items()), start=1):
            for field in (user, pw):
                if re.search(r"[:\n\\]", field):
                    raise ValueError(f"user/password {field!r}: ':' '\\' and newlines "
                                     f"are not allowed in a db_text row")
            # ha1/ha1b are filled although calculate_ha1 uses the plain
            # password: db_text refuses to load a table with an empty
            # (NULL) value in a column not declared null.
            ha1 = hashlib.md5(f"{user}:{self.domain}:{pw}".encode()).hexdigest()
            ha1b = hashlib.md5(f"{user}@{self.domain}:{self.domain}:{pw}".encode()).hexdigest()
            rows.append(f"{i}:{user}:{self.domain}:{pw}:{ha1}:{ha1b}")
        (self.db_dir / "subscriber").write_text("\n".join(rows) + "\n")

    def _write_cert(self):
        if self.tls_cert.exists():
            return
        cmd = [tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
               "-days", "2", "-subj", f"/CN={self.domain}",
               "-addext", f"subjectAltName=DNS:{self.domain},IP:{self.host}",
               "-keyout", str(self.tls_key), "-out", str(self.tls_cert)]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=30, text=True)
        if r.returncode != 0:
            raise HarnessError(f"openssl could not make a test certificate:\n{r.stdout}")

    def _write_cfg(self):
        defines = []
        if self.auth:
            defines.append("#!define WITH_AUTH")
        if self.tls:
            defines.append("#!define WITH_TLS")
        values = {
            "DEFINES": "\n".join(defines),
            "HOST": self.host,
            "PORT": str(self.port),
            "TLS_PORT": str(self.tls_port or 0),
            "DOMAIN": self.domain,
            "DB_URL": f"text://{self.db_dir}",
            "CTL_SOCKET": str(self.ctl_socket),
            "TLS_CERT": str(self.tls_cert),
            "TLS_KEY": str(self.tls_key),
        }
        text = CFG_TEMPLATE.read_text()
        for k, v in values.items():
            text = text.replace(f"@{k}@", v)
        left = re.findall(r"@[A-Z_]+@", text)
        if left:
            raise HarnessError(f"{CFG_TEMPLATE}: unknown template variables {sorted(set(left))}")
        self.cfg_path.write_text(text)

    # -- life cycle

    def _short_socket_dir(self):
        """kamailio refuses a unix socket path over 104 bytes, and work dirs
        inside a build tree are longer: the ctl socket gets its own short dir."""
        base = "/tmp" if os.path.isdir("/tmp") else None
        self._sockdir = Path(tempfile.mkdtemp(prefix="dpk-", dir=base))
        self.ctl_socket = self._sockdir / "ctl"

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.auth:
            self._write_db()
        if self.tls:
            self._write_cert()
        last = None
        for attempt in range(3):
            self.port = free_port("udp+tcp", self.host)
            self.tls_port = free_port("tcp", self.host) if self.tls else None
            if self._sockdir is None:
                self._short_socket_dir()
            self._write_cfg()
            try:
                self._spawn()
                return self
            except HarnessError as e:
                last = e
                self.stop()
                # Another run took our port between free_port() and bind: retry.
                if "Address already in use" not in self.log_path.read_text(errors="replace"):
                    break
        raise last

    def _spawn(self):
        if self.ctl_socket.exists():
            self.ctl_socket.unlink()
        cmd = [tool("kamailio"), "-DD", "-E", "-f", str(self.cfg_path),
               "-Y", str(self.dir), "-P", str(self.dir / "kamailio.pid"),
               "-w", str(self.dir), "-m", "32", "-M", "4"]
        with open(self.log_path, "wb") as log:
            log.write(("# " + " ".join(cmd) + "\n").encode())
            log.flush()
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, cwd=self.dir,
                                         start_new_session=True)
        self._wait_ready()

    def _wait_ready(self):
        deadline = time.monotonic() + self.start_timeout
        ctx = self.tls_client_context() if self.tls else None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HarnessError(f"kamailio exited with status {self.proc.returncode} "
                                   f"while starting; log {self.log_path}:\n{_tail(self.log_path)}")
            try:
                sip_options(self.host, self.port, timeout=0.3)
                if self.tls:
                    sip_options(self.host, self.tls_port, timeout=1.0,
                                transport="tls", tls_context=ctx)
                if self.ctl_socket.exists():
                    return
            except (OSError, HarnessError):
                pass
            time.sleep(0.1)
        raise HarnessError(f"kamailio did not answer OPTIONS on {self.addr} within "
                           f"{self.start_timeout:.0f} s; log {self.log_path}:\n{_tail(self.log_path)}")

    def stop(self):
        _stop_process(self.proc)
        if self._sockdir is not None:
            shutil.rmtree(self._sockdir, ignore_errors=True)
            self._sockdir = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            if self._own_workdir:
                self._workdir.__exit__(HarnessError, None, None)
            raise

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        if self._own_workdir:
            self._workdir.__exit__(exc_type, exc, tb)
        return False

    # -- looking inside

    def tls_client_context(self):
        """An ssl.SSLContext that trusts this server's self-signed certificate."""
        ctx = ssl.create_default_context(cafile=str(self.tls_cert))
        ctx.check_hostname = True
        return ctx

    def kamcmd(self, *args, timeout=5):
        """Run one kamcmd RPC against this instance; returns its stdout."""
        cmd = [tool("kamcmd"), "-s", f"unix:{self.ctl_socket}", *args]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=timeout)
        if r.returncode != 0:
            raise HarnessError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}")
        return r.stdout

    def location(self):
        """The location table: {aor: [contact uri, ...]}, from `kamcmd ul.dump`."""
        table = {}
        aor = None
        for line in self.kamcmd("ul.dump").splitlines():
            line = line.strip()
            m = re.match(r"AoR:\s*(\S+)", line)
            if m:
                aor = m.group(1)
                table.setdefault(aor, [])
                continue
            m = re.match(r"Address:\s*(\S+)", line)
            if m and aor is not None:
                table[aor].append(m.group(1))
        return table

    def log_text(self):
        return self.log_path.read_text(errors="replace")


# ---------------------------------------------------------------- sipp

class SippResult:
    """What one sipp run left behind: exit code and the paths of its logs."""

    def __init__(self, returncode, message_log, error_log, output_log, cmd):
        self.returncode = returncode
        self.message_log = message_log
        self.error_log = error_log
        self.output_log = output_log
        self.cmd = cmd

    @property
    def ok(self):
        return self.returncode == 0

    def messages(self):
        try:
            return self.message_log.read_text(errors="replace")
        except OSError:
            return ""

    def transcript(self):
        """[(direction, start line)] of every message in the message log, in
        order; direction is 'sent' or 'received'."""
        out = []
        for block in re.split(r"^-{5,}.*$", self.messages(), flags=re.M):
            lines = [l for l in block.splitlines() if l.strip()]
            if len(lines) < 2:
                continue
            # "UDP message sent (N bytes):" / "UDP message received [N] bytes :";
            # "Unexpected UDP message received:" repeats a message: skip it.
            m = re.match(r"(UDP|TCP|TLS|SCTP) message (sent|received)", lines[0])
            if m:
                out.append((m.group(2), lines[1].strip()))
        return out

    def received_statuses(self):
        """Status codes of the responses sipp received, in order."""
        return [int(line.split()[1]) for d, line in self.transcript()
                if d == "received" and line.startswith("SIP/2.0 ")]

    def received_requests(self):
        """Methods of the requests sipp received, in order."""
        return [line.split()[0] for d, line in self.transcript()
                if d == "received" and not line.startswith("SIP/2.0 ")]

    @property
    def final_status(self):
        """The last final (>= 200) response received, or None."""
        finals = [c for c in self.received_statuses() if c >= 200]
        return finals[-1] if finals else None

    def explain(self):
        """Text for a failing assertion: command, exit code, log tails."""
        return (f"sipp exited {self.returncode}: {' '.join(self.cmd)}\n"
                f"--- {self.error_log}\n{_tail(self.error_log, 20)}\n"
                f"--- {self.output_log}\n{_tail(self.output_log, 20)}\n"
                f"--- {self.message_log} (tail)\n{_tail(self.message_log, 40)}")


class Sipp:
    """One sipp instance on 127.0.0.1.

    scenario: a builtin name ('uac', 'uas', ...), the path of an XML file
    (a bare name is looked up in scenarios/), or XML text.
    remote: 'host:port' (or (host, port)) to send to; None for a pure UAS.
    keys: {name: value} for [name] keywords (-key).  extra_args: more sipp
    options.  timeout: sipp's own -timeout in seconds, treated as a failure;
    the harness kills sipp if it is still there 5 s later.

    run() runs to completion and returns a SippResult.  start()/stop() (or
    `with`) keep it in the background, e.g. a UAS answering calls.
    """

    def __init__(self, scenario, remote=None, extra_args=(), timeout=15, *,
                 workdir, calls=1, transport="u1", port=None, keys=None,
                 service=None, name=None, host=HOST):
        self.host = host
        self.transport = transport
        self._fixed_port = port
        self.port = port or self._pick_port()
        self.remote = f"{remote[0]}:{remote[1]}" if isinstance(remote, tuple) else remote
        self.timeout = timeout
        self.calls = calls
        self.service = service
        self.keys = dict(keys or {})
        self.extra_args = list(extra_args)
        self.proc = None
        self._out = None
        base = workdir.path if isinstance(workdir, Workdir) else Path(workdir)
        self.name = name or f"sipp-{self.port}"
        self.dir = base / self.name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.message_log = self.dir / "messages.log"
        self.error_log = self.dir / "errors.log"
        self.output_log = self.dir / "output.log"

        if scenario.lstrip().startswith("<"):
            path = self.dir / "scenario.xml"
            path.write_text(scenario)
            self._scenario_args = ["-sf", str(path)]
        elif scenario.endswith(".xml") or "/" in scenario:
            path = Path(scenario)
            if not path.is_absolute() and not path.exists():
                path = SCENARIOS / scenario
            if not path.exists():
                raise HarnessError(f"sipp scenario {scenario!r} not found (looked in {SCENARIOS})")
            self._scenario_args = ["-sf", str(path)]
        else:
            self._scenario_args = ["-sn", scenario]
        self.cmd = self._build_cmd()

    def _pick_port(self):
        return free_port("udp+tcp" if self.transport.startswith("t") else "udp", self.host)

    def _build_cmd(self):
        cmd = [tool("sipp")]
        if self.remote:
            cmd.append(self.remote)
        cmd += self._scenario_args
        # -ci: sipp's control socket binds every interface unless told.
        cmd += ["-i", self.host, "-p", str(self.port), "-t", self.transport,
                "-mi", self.host, "-mp", str(free_port("udp", self.host)),
                # sipp's control socket is IPv4 only: keep it on 127.0.0.1
                "-ci", HOST, "-cp", str(free_port("udp", HOST)),
                "-nostdin",
                "-trace_msg", "-message_file", str(self.message_log),
                "-trace_err", "-error_file", str(self.error_log)]
        if self.calls is not None:
            cmd += ["-m", str(self.calls)]
        if self.timeout:
            cmd += ["-timeout", f"{int(self.timeout)}s", "-timeout_error"]
        if self.service:
            cmd += ["-s", self.service]
        for k, v in self.keys.items():
            cmd += ["-key", k, str(v)]
        return cmd + self.extra_args

    def _lost_port_race(self):
        """True if sipp died because a port it was given got taken meanwhile."""
        return (self.proc.returncode in (254, 255)
                and re.search(r"(?i)unable to bind|address already in use",
                              self.output_log.read_text(errors="replace")) is not None)

    def _retry_ports(self):
        if not self._fixed_port:
            self.port = self._pick_port()
        self.cmd = self._build_cmd()

    def _popen(self):
        if self._out:
            self._out.close()
        self._out = open(self.output_log, "wb")
        self._out.write(("# " + " ".join(self.cmd) + "\n").encode())
        self._out.flush()
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, cwd=self.dir,
                                     start_new_session=True)

    def _result(self):
        if self._out:
            self._out.close()
            self._out = None
        rc = self.proc.returncode if self.proc else None
        return SippResult(rc, self.message_log, self.error_log, self.output_log, self.cmd)

    def run(self):
        """Run to completion (bounded by timeout + 5 s); returns a SippResult."""
        for attempt in range(3):
            self._popen()
            try:
                self.proc.wait(timeout=(self.timeout or 30) + STOP_GRACE)
            except subprocess.TimeoutExpired:
                pass
            finally:
                _stop_process(self.proc, grace=1.0)
            if not self._lost_port_race():
                break
            self._retry_ports()
        return self._result()

    def start(self, ready_timeout=5.0):
        """Start in the background; returns once sipp has bound its SIP port."""
        for attempt in range(3):
            self._popen()
            deadline = time.monotonic() + ready_timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if self._port_bound():
                    return self
                time.sleep(0.05)
            if self.proc.poll() is not None and self._lost_port_race():
                self._retry_ports()
                continue
            break
        self.stop()
        raise HarnessError(f"sipp did not start on {self.host}:{self.port} within "
                           f"{ready_timeout:.0f} s (exit {self.proc.returncode}); "
                           f"{self.output_log}:\n{_tail(self.output_log)}")

    def _port_bound(self):
        kind = socket.SOCK_STREAM if self.transport.startswith("t") else socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind((self.host, self.port))
            except OSError:
                return True
        return False

    def stop(self):
        """Stop a background sipp (SIGTERM, then SIGKILL); returns its SippResult."""
        _stop_process(self.proc, grace=STOP_GRACE)
        return self._result()

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        return False


def sipp_uas(workdir, port=None, name="uas", user="uas", timeout=60,
             scenario="uas.xml", extra_args=()):
    """A background sipp UAS on 127.0.0.1:port answering any number of calls
    (INVITE -> 180, 200; ACK; BYE -> 200).  Use as a context manager; the
    SippResult of stop() tells what it received (received_requests()).

    The default scenario is scenarios/uas.xml, sipp's builtin "uas" plus
    Record-Route echo; pass scenario="uas" for the builtin itself (-sn uas),
    which is fine when no proxy record-routes."""
    return Sipp(scenario, None, extra_args, timeout, workdir=workdir, calls=None,
                port=port, name=name, service=user)


# ---------------------------------------------------------------- scenarios

def register(kam, user, password=None, *, workdir, contact_port=None,
             expires=3600, timeout=10, name=None, transport="u1"):
    """REGISTER user at kam with sipp, answering one 401 with password
    (default: the user's password in kam.users).  The binding's Contact is
    sip:user@127.0.0.1:contact_port (default: sipp's own port).

    transport: sipp's -t, "u1" (UDP) or "t1" (TCP).

    Returns the SippResult; .final_status is 200 when registered, 401/403
    when refused.  sipp's exit code is 0 in all three cases.
    """
    if password is None:
        password = kam.users.get(user, "")
    port = free_port("udp+tcp" if transport.startswith("t") else "udp", kam.host)
    s = Sipp("register.xml", kam.addr, ["-au", user, "-ap", password], timeout,
             workdir=workdir, port=port, service=user, transport=transport,
             name=name or f"register-{user}-{port}",
             keys={"domain": kam.domain, "contact_host": kam.host,
                   "contact_port": contact_port or port, "expires": expires})
    return s.run()


def call(kam, caller, callee, password=None, *, workdir, timeout=15, name=None,
         transport="u1"):
    """One call caller -> callee through kam with sipp: INVITE, 407 answered
    with caller's credentials, 200, ACK, BYE.  Returns the SippResult
    (.ok when the whole scenario ran)."""
    if password is None:
        password = kam.users.get(caller, "")
    s = Sipp("uac_auth_call.xml", kam.addr, ["-au", caller, "-ap", password], timeout,
             workdir=workdir, service=callee, name=name or f"call-{caller}-{callee}",
             transport=transport,
             keys={"domain": kam.domain, "caller": caller})
    return s.run()


def options(kam, *, workdir, timeout=5, name="options"):
    """OPTIONS sip:host:port to kam with sipp; .ok when answered 200."""
    return Sipp("options.xml", kam.addr, (), timeout, workdir=workdir, name=name).run()
