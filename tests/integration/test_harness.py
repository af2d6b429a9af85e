#!/usr/bin/env python3
"""Proves the integration harness against real peers only: kamailio as
registrar/proxy, sipp as every SIP user agent.  No deskphone code runs here;
when these pass, a failure in a SIP-stack test is the stack's, not the
harness's.

Output is TAP ("ok 1 - name" / "not ok 1 - name" plus "# " diagnostics).
Exit status 0 when every case passes, 1 otherwise, also when kamailio or sipp
is not installed: tools/deps installs them, so their absence is a broken
set-up, not a reason to skip.

Run one case (or several) by naming them, substrings allowed:
    python3 tests/integration/test_harness.py call
Keep every case's temp dir (logs, configs, sipp traces) with
DESKPHONE_IT_KEEP=1; a failing case's dir is always kept and printed.
"""

import os
import signal
import socket
import sys
import time
import traceback
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

CASE_TIMEOUT = 20  # seconds; each case is killed (and its peers stopped) after this


class CaseTimeout(Exception):
    pass


def check(cond, message):
    if not cond:
        raise AssertionError(message)


# ---------------------------------------------------------------- cases

def test_options_answered(w):
    with h.Kamailio(workdir=w) as kam:
        r = h.options(kam, workdir=w)
        check(r.ok and r.final_status == 200,
              f"OPTIONS to {kam.uri} not answered 200\n{r.explain()}")


def test_register_answers_401_challenge(w):
    with h.Kamailio(workdir=w) as kam:
        r = h.register(kam, "alice", workdir=w)
        check(r.ok, f"sipp REGISTER scenario failed\n{r.explain()}")
        check(r.received_statuses() == [401, 200],
              f"expected 401 then 200, got {r.received_statuses()}\n{r.explain()}")
        loc = kam.location()
        check(len(loc.get("alice", [])) == 1,
              f"alice not in kamailio's location table after 200: {loc}")


def test_register_wrong_password_refused(w):
    with h.Kamailio(workdir=w) as kam:
        r = h.register(kam, "alice", "not-alicepw", workdir=w)
        check(r.final_status in (401, 403),
              f"wrong password: expected 401/403, got {r.received_statuses()}\n{r.explain()}")
        check("alice" not in kam.location(),
              f"alice registered despite a wrong password: {kam.location()}")


def test_register_over_tcp(w):
    with h.Kamailio(workdir=w) as kam:
        r = h.register(kam, "carol", workdir=w, transport="t1")
        check(r.received_statuses() == [401, 200],
              f"REGISTER over TCP: expected 401 then 200, got {r.received_statuses()}\n"
              f"{r.explain()}")
        check("carol" in kam.location(), f"carol not registered: {kam.location()}")


def test_call_through_proxy_with_407(w):
    with h.Kamailio(workdir=w) as kam, h.sipp_uas(w, user="bob") as bob:
        reg = h.register(kam, "bob", workdir=w, contact_port=bob.port)
        check(reg.final_status == 200, f"bob's UAS could not register\n{reg.explain()}")
        check(kam.location().get("bob") == [f"sip:bob@{kam.host}:{bob.port}"],
              f"bob's binding is not his UAS: {kam.location()}")

        r = h.call(kam, "alice", "bob", workdir=w)
        check(r.ok, f"call alice -> bob failed\n{r.explain()}")
        got = r.received_statuses()
        check(got and got[0] == 407 and 200 in got,
              f"expected 407 first and a 200 later, got {got}\n{r.explain()}")
        sent = [line.split()[0] for d, line in r.transcript() if d == "sent"]
        check(sent == ["INVITE", "ACK", "INVITE", "ACK", "BYE"],
              f"alice sent {sent}\n{r.explain()}")
        uas = bob.stop()
        check(uas.received_requests()[:3] == ["INVITE", "ACK", "BYE"],
              f"bob's UAS got {uas.received_requests()}, expected INVITE, ACK, BYE "
              f"(see {uas.message_log})")


def test_call_to_unregistered_user_gets_404(w):
    with h.Kamailio(workdir=w) as kam:
        r = h.call(kam, "alice", "carol", workdir=w, timeout=8)
        check(r.final_status == 404,
              f"INVITE to unregistered carol: expected 404, got {r.received_statuses()}\n"
              f"{r.explain()}")


def test_unauthenticated_mode_registers_without_challenge(w):
    with h.Kamailio(workdir=w, auth=False) as kam:
        r = h.register(kam, "carol", workdir=w)
        check(r.received_statuses() == [200],
              f"auth=False: expected a plain 200, got {r.received_statuses()}\n{r.explain()}")


def test_tls_options_answered(w):
    with h.Kamailio(workdir=w, tls=True) as kam:
        code = h.sip_options(kam.host, kam.tls_port, timeout=3, transport="tls",
                             tls_context=kam.tls_client_context())
        check(code == 200, f"OPTIONS over TLS to {kam.host}:{kam.tls_port} answered {code}")


def test_peers_stopped_and_loopback_only(w):
    with h.Kamailio(workdir=w) as kam, h.sipp_uas(w, user="bob") as bob:
        pids = [kam.proc.pid, bob.proc.pid]
        port = kam.port
        listening = _listeners_of(pids)
        outside = [a for a in listening if not a.startswith(("127.", "[::1]"))]
        check(not outside, f"peers listen outside loopback: {outside}")
    check(kam.proc.poll() is not None and bob.proc.poll() is not None,
          "a peer is still running after its with block")
    for pid in pids:
        check(not Path(f"/proc/{pid}").exists() or _is_zombie(pid),
              f"process {pid} still exists after stop")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((h.HOST, port))  # raises if kamailio (or a child) still holds it


def _is_zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z"
    except OSError:
        return True


def _listeners_of(pids):
    """Local addresses of sockets owned by the process groups of pids (from /proc)."""
    inodes = set()
    for pid_dir in Path("/proc").iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            if os.getpgid(int(pid_dir.name)) not in pids:
                continue
            for fd in (pid_dir / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    addrs = []
    for table in ("udp", "tcp"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            f = line.split()
            if f[9] in inodes:
                ip = socket.inet_ntoa(bytes.fromhex(f[1].split(":")[0])[::-1])
                addrs.append(f"{ip}:{int(f[1].split(':')[1], 16)}")
    for table in ("udp6", "tcp6"):
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[9] in inodes:
                raw = bytes.fromhex(f[1].split(":")[0])
                ip = socket.inet_ntop(socket.AF_INET6, b"".join(
                    raw[i:i + 4][::-1] for i in range(0, 16, 4)))
                addrs.append(f"[{ip}]:{int(f[1].split(':')[1], 16)}")
    return addrs


CASES = [
    test_options_answered,
    test_register_answers_401_challenge,
    test_register_wrong_password_refused,
    test_register_over_tcp,
    test_call_through_proxy_with_407,
    test_call_to_unregistered_user_gets_404,
    test_unauthenticated_mode_registers_without_challenge,
    test_tls_options_answered,
    test_peers_stopped_and_loopback_only,
]


# ---------------------------------------------------------------- runner

def _alarm(signum, frame):
    raise CaseTimeout(f"case exceeded {CASE_TIMEOUT} s")


def run_case(n, case):
    name = case.__name__[len("test_"):]
    start = time.monotonic()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_TIMEOUT)
    try:
        with h.Workdir(name) as w:
            case(w)
        ok, detail = True, ""
    except Exception as e:  # the Workdir was kept and printed
        ok = False
        detail = "".join(traceback.format_exception_only(type(e), e))
        if not isinstance(e, (AssertionError, CaseTimeout, h.HarnessError)):
            detail = traceback.format_exc()
    finally:
        signal.alarm(0)
    took = time.monotonic() - start
    print(f"{'ok' if ok else 'not ok'} {n} - {name} ({took:.1f} s)", flush=True)
    for line in detail.rstrip().splitlines():
        print(f"# {line}", flush=True)
    return ok


def main(argv):
    try:
        for prog in ("kamailio", "sipp", "kamcmd", "openssl"):
            h.tool(prog)
    except h.HarnessError as e:
        print(f"1..0\nBail out! {e} (tools/deps installs the test peers)", flush=True)
        return 1
    wanted = argv[1:]
    cases = [c for c in CASES if not wanted or any(wd in c.__name__ for wd in wanted)]
    if not cases:
        print(f"no case matches {wanted}; cases: "
              f"{', '.join(c.__name__[5:] for c in CASES)}", file=sys.stderr)
        return 2
    print(f"1..{len(cases)}", flush=True)
    start = time.monotonic()
    results = [run_case(n, c) for n, c in enumerate(cases, start=1)]
    failed = results.count(False)
    print(f"# {len(results) - failed}/{len(results)} passed in "
          f"{time.monotonic() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
