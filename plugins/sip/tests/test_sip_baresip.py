#!/usr/bin/env python3
"""Interop: deskphone's SIP plugin against a real baresip (Debian package
baresip), through kamailio and directly.  Signalling only: baresip runs
headless with no audio source, player or alert device (no sound card
needed), and the media path is not checked here.

baresip is driven through its ctrl_tcp module (netstring-framed JSON
commands: dial, hangup; it sends call events back on the same connection)
and is watched through those events and its stdout (-s: every SIP message
it sends and receives).  deskphone runs with the sip-script test driver, as
in test_sip_kamailio.py, whose Phone class and helpers this file reuses.

TAP output; exit 0 when every case passes.  Run one case by name:
    python3 plugins/sip/tests/test_sip_baresip.py direct
"""

import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_sip_kamailio import Phone, registered_cnf, h  # noqa: E402

BARESIP_MODULES = "/usr/lib/baresip/modules"
START_TIMEOUT = 10.0


class Baresip:
    """One baresip on 127.0.0.1 with a single account, for a with block.

    aor: the account line of baresip's accounts file (e.g.
    "<sip:bob@127.0.0.1:5060>;auth_pass=bobpw").  Its files (config,
    accounts, out.txt: stdout and stderr with the SIP trace) are in
    wd/name.  .port is its SIP port (UDP), .events the ctrl_tcp events
    received so far (dicts), .ctrl_port its control port.
    """

    def __init__(self, wd, aor, name="baresip"):
        self.dir = wd.path / name
        self.dir.mkdir()
        self.aor = aor
        self.log_path = self.dir / "out.txt"
        self.proc = None
        self.sock = None
        self.events = []
        self.responses = {}
        self._lock = threading.Condition()
        self._reader = None
        self._token = 0

    def _write_config(self):
        self.port = h.free_port("udp+tcp")
        self.ctrl_port = h.free_port("tcp")
        # No audio device at all: baresip then answers and runs the call
        # without sending or playing audio (ausine, the one test source in
        # Debian's build, refuses 8 kHz and makes baresip drop the call).
        # Only G.711 (what deskphone offers), and only the modules a
        # headless scripted UA needs: account (the accounts file), menu (the
        # dial and hangup commands), ctrl_tcp (the control connection).
        (self.dir / "config").write_text(
            f"poll_method\tepoll\n"
            f"sip_listen\t{h.HOST}:{self.port}\n"
            f"audio_player\t\naudio_source\t\naudio_alert\t\n"
            f"call_local_timeout\t30\n"
            f"module_path\t{BARESIP_MODULES}\n"
            f"module\tg711.so\n"
            f"module_tmp\taccount.so\n"
            f"module_app\tmenu.so\n"
            f"module\tctrl_tcp.so\nctrl_tcp_listen\t{h.HOST}:{self.ctrl_port}\n")
        (self.dir / "accounts").write_text(self.aor + "\n")

    def __enter__(self):
        try:
            for _ in range(3):
                self._write_config()
                self._spawn()
                if self._connect():
                    return self
                h._stop_process(self.proc)
                if "in use" not in self.log():  # not a lost port race: give up
                    break
            raise h.HarnessError(f"baresip did not start; it said:\n{self.log()}")
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _spawn(self):
        with open(self.log_path, "w") as out:
            self.proc = subprocess.Popen(
                [h.tool("baresip"), "-f", str(self.dir), "-s"], stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, cwd=self.dir, start_new_session=True)

    def _connect(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                self.sock = socket.create_connection((h.HOST, self.ctrl_port), timeout=0.5)
            except OSError:
                time.sleep(0.1)
                continue
            self.sock.settimeout(None)
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
            return True
        return False

    def __exit__(self, *exc):
        h._stop_process(self.proc)
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        if self._reader is not None:
            self._reader.join(2)
        return False

    # -- the control connection: netstrings "LEN:JSON,"

    def _read(self):
        buf = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                with self._lock:
                    self._lock.notify_all()  # baresip went away: wake the waiters
                return
            buf += data
            while b":" in buf:
                head, rest = buf.split(b":", 1)
                n = int(head)
                if len(rest) < n + 1:
                    break
                try:
                    msg = json.loads(rest[:n])
                except ValueError:
                    msg = {"unparsed": rest[:n].decode(errors="replace")}
                buf = rest[n + 1:]
                with self._lock:
                    if msg.get("event"):
                        self.events.append(msg)
                    elif msg.get("response"):
                        self.responses[msg.get("token")] = msg
                    self._lock.notify_all()

    def command(self, command, params="", timeout=5):
        """Run one baresip command (menu's: dial, hangup, ...); returns its
        response {"ok": bool, "data": text}."""
        self._token += 1
        token = str(self._token)
        body = json.dumps({"command": command, "params": params, "token": token}).encode()
        self.sock.sendall(b"%d:%s," % (len(body), body))
        with self._lock:
            if not self._lock.wait_for(lambda: token in self.responses, timeout):
                raise AssertionError(f"baresip did not answer '{command} {params}' in {timeout} s:"
                                     f"\n{self.log()}")
            resp = self.responses.pop(token)
        if not resp.get("ok"):
            raise AssertionError(f"baresip refused '{command} {params}': {resp}\n{self.log()}")
        return resp

    def wait_event(self, type_, timeout=10):
        """The first ctrl_tcp event of type type_ (e.g. CALL_ESTABLISHED)."""
        with self._lock:
            ok = self._lock.wait_for(
                lambda: any(e.get("type") == type_ for e in self.events) or self.proc.poll() is not None,
                timeout)
            found = [e for e in self.events if e.get("type") == type_]
        if found:
            return found[0]
        why = f"exited {self.proc.returncode}" if ok else f"not within {timeout} s"
        raise AssertionError(f"baresip: no {type_} event ({why}); events "
                             f"{self.event_types()}; it said:\n{self.log()}")

    def event_types(self):
        with self._lock:
            return [e.get("type") for e in self.events]

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "(no output)"

    def sip_trace(self):
        """[(source, destination, start line, whole message)] of every SIP
        message baresip sent or received, in order, from its -s trace (a
        line "UDP 127.0.0.1:A -> 127.0.0.1:B", the message, a colour reset)."""
        trace = []
        lines = self.log().splitlines()
        for i, line in enumerate(lines[:-1]):
            parts = line.split()
            if len(parts) == 4 and parts[0] in ("UDP", "TCP", "TLS") and parts[2] == "->":
                msg = []
                for body in lines[i + 1:]:
                    if "\x1b[;m" in body:
                        break
                    msg.append(body)
                trace.append((parts[1], parts[3], msg[0].strip() if msg else "", "\n".join(msg)))
        return trace

    def sip_requests(self, direction):
        """Methods of the SIP requests baresip 'sent' or 'received', in order."""
        me = f"{h.HOST}:{self.port}"
        return [start.split()[0] for src, dst, start, _ in self.sip_trace()
                if not start.startswith("SIP/") and (src == me) == (direction == "sent")]


def wait_registered(kam, user, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(a.split("@")[0] == user for a in kam.location()):
            return
        time.sleep(0.1)
    raise AssertionError(f"{user} not registered within {timeout} s: {kam.location()}")


def bob_account(kam):
    return (f"<sip:bob@{kam.host}:{kam.port}>;auth_pass={h.USERS['bob']};"
            f"answermode=auto;regint=60")


# ---------------------------------------------------------------- cases

def case_call_baresip_through_kamailio_we_hang_up(wd):
    """deskphone (alice) dials bob through kamailio; baresip auto-answers;
    deskphone hangs up."""
    with h.Kamailio(workdir=wd.path) as kam, Baresip(wd, bob_account(kam)) as bob:
        wait_registered(kam, "bob")
        default, device = registered_cnf(kam)
        script = "sleep 500; dial 1 bob; wait connected 15; sleep 500; hangup; wait ended; quit"
        with Phone(wd, default, device, script=script) as phone:
            phone.wait_exit(30)
            assert phone.reg_states()[:2] == ["registering", "registered"], phone.log()
            states = phone.call_states()
            assert states[0] == "dialing" and states[-2:] == ["connected", "ended"], states
            assert "'codec': <'PCMU'>" in phone.log(), phone.log()
        est = bob.wait_event("CALL_ESTABLISHED")
        assert est.get("direction") == "incoming" and "alice" in est.get("peeruri", ""), est
        bob.wait_event("CALL_CLOSED")
        got = [m for m in bob.sip_requests("received") if m != "REGISTER"]
        assert got == ["INVITE", "ACK", "BYE"], got
        # baresip's 2xx carried kamailio's Record-Route: our ACK and BYE
        # came back through kamailio, not straight to baresip's Contact.
        via = {start.split()[0]: src for src, dst, start, _ in bob.sip_trace()
               if start.startswith(("ACK", "BYE"))}
        assert set(via.values()) == {kam.addr}, via


def call_from_baresip(wd):
    """bob (baresip) dials alice through kamailio; deskphone auto-answers;
    baresip hangs up.  Returns (kamailio's addr, deskphone's addr,
    baresip's SIP trace)."""
    with h.Kamailio(workdir=wd.path) as kam, Baresip(wd, bob_account(kam)) as bob:
        wait_registered(kam, "bob")
        default, device = registered_cnf(kam)
        with Phone(wd, default + "auto_answer: 1\n", device,
                   script="wait connected 20; wait ended 20; quit") as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            bob.command("dial", f"sip:alice@{kam.host}:{kam.port}")
            est = bob.wait_event("CALL_ESTABLISHED", 15)
            assert est.get("direction") == "outgoing", est
            phone.wait_for(r"'state': <'connected'>", 10)
            time.sleep(0.5)
            bob.command("hangup")
            bob.wait_event("CALL_CLOSED")
            phone.wait_exit(20)
            assert phone.call_states() == ["alerting", "connected", "ended"], phone.call_states()
            assert "the far end hung up" in phone.log(), phone.log()
        sent = [m for m in bob.sip_requests("sent") if m != "REGISTER"]
        # kamailio challenges the first INVITE: INVITE, ACK (of the 407), INVITE
        assert sent[-3:] == ["INVITE", "ACK", "BYE"], sent
        return kam.addr, f"{h.HOST}:{phone.port}", bob.sip_trace()


def case_call_from_baresip_through_kamailio_it_hangs_up(wd):
    call_from_baresip(wd)


# As the UAS of a call that came through kamailio, deskphone copies the
# INVITE's Record-Route into its 180 and 200 (RFC 3261 12.1.1), so the
# caller's ACK and BYE go through the record-routing proxy.  (This case found
# the bug when the copy was missing.)
def case_call_from_baresip_in_dialog_requests_follow_record_route(wd):
    kam, phone, trace = call_from_baresip(wd)
    to = {start.split()[0]: dst for src, dst, start, _ in trace
          if start.startswith(("ACK sip", "BYE sip"))}
    assert set(to.values()) == {kam}, \
        (f"baresip sent its in-dialog requests to {to}, not through kamailio ({kam}); "
         f"deskphone is at {phone}.  The final response to its INVITE:\n"
         + [text for _, _, start, text in trace
            if start.startswith("SIP/2.0 200") and re.search(r"^CSeq: \d+ INVITE", text, re.M)][-1])


def case_call_baresip_direct_ip(wd):
    """No proxy: deskphone dials bob@127.0.0.1:PORT of a baresip that does
    not register; baresip auto-answers and hangs up.  (baresip 1.0 picks the
    account for an INVITE by the Request-URI's user: a bare
    sip:127.0.0.1:PORT gets 404 "UA not found" from it.)"""
    aor = f"<sip:bob@{h.HOST}>;regint=0;answermode=auto"
    with Baresip(wd, aor) as bob:
        script = f"dial 1 bob@{h.HOST}:{bob.port}; wait connected 15; wait ended 20; quit"
        with Phone(wd, "proxy_register: 0\n", script=script) as phone:
            phone.wait_for(r"'state': <'connected'>", 15)
            bob.wait_event("CALL_ESTABLISHED")
            time.sleep(0.5)
            bob.command("hangup")
            bob.wait_event("CALL_CLOSED")
            phone.wait_exit(20)
            states = phone.call_states()
            assert states[0] == "dialing" and states[-2:] == ["connected", "ended"], states
            assert "the far end hung up" in phone.log(), phone.log()
        assert bob.sip_requests("received") == ["INVITE", "ACK"], bob.sip_requests("received")
        assert bob.sip_requests("sent") == ["BYE"], bob.sip_requests("sent")


CASES = [v for k, v in sorted(globals().items()) if k.startswith("case_")]

# case name: why it is expected to fail.  Its failure is reported with a TAP
# "# TODO" and does not fail the run; its passing does (an unexpected pass:
# the bug is fixed, take the entry out).
KNOWN_BUGS = {
}


def main(argv):
    for prog in ("kamailio", "kamcmd", "baresip"):
        h.tool(prog)
    wanted = argv[1:]
    cases = [c for c in CASES if not wanted or any(w in c.__name__ for w in wanted)]
    print(f"1..{len(cases)}", flush=True)
    failed = 0
    for i, case in enumerate(cases, 1):
        name = case.__name__[5:]
        todo = f" # TODO {KNOWN_BUGS[name]}" if name in KNOWN_BUGS else ""
        wd = h.Workdir(name)
        expected = None
        try:
            with wd:
                start = time.monotonic()
                try:
                    case(wd)
                except AssertionError as e:
                    if not todo:
                        raise
                    expected = e  # the message holds the evidence: no need to keep the logs
            if expected is not None:
                print(f"not ok {i} - {name}{todo}", flush=True)
                for line in str(expected).splitlines()[-60:]:
                    print(f"# {line}", flush=True)
                continue
            print(f"ok {i} - {name} ({time.monotonic() - start:.1f} s){todo}", flush=True)
            if todo:
                failed += 1
                print(f"# unexpected pass: remove '{name}' from KNOWN_BUGS", flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            print(f"not ok {i} - {name}", flush=True)
            for line in str(e).splitlines()[-60:]:
                print(f"# {line}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
