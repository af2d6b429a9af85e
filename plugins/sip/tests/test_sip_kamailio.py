#!/usr/bin/env python3
"""The SIP plugin against real peers: kamailio as registrar/proxy with digest
auth, sipp and raw sockets as the far end.  deskphone runs as the real
executable with a profile holding the sip plugin, configured through
SIPDefault.cnf / SIP<MAC>.cnf in a temp dir, and is watched through
--trace-bus ("reg.state" events) and kamailio's location table.

TAP output; exit 0 when every case passes.  Run one case by name:
    python3 plugins/sip/tests/test_sip_kamailio.py failover
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

SRC = Path(os.environ.get("DESKPHONE_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
sys.path.insert(0, str(SRC / "tests" / "integration"))
import harness as h  # noqa: E402

EXE = os.environ.get("DESKPHONE_EXE", str(SRC / "build" / "core" / "deskphone"))
SCRIPT_DIR = os.environ.get("DESKPHONE_SIP_SCRIPT_DIR",
                            str(SRC / "build" / "plugins" / "sip" / "tests"))
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
MAC = "001646C0FFEE"
PROFILE = "[product]\nname=sip-test\n[plugins]\nsip=required\n"
CALL_PROFILE = ("[product]\nname=sip-call-test\n[plugins]\ncodec-g711=required\ncodec-g729=required\n"
                "sip=required\n"
                "sip-script=required\n")


class Phone:
    """deskphone with the sip plugin, in the background, for a with block."""

    def __init__(self, wd, default_cnf, device_cnf="", name="phone", script=None, bind="127.0.0.1"):
        self.dir = wd.path / name
        self.dir.mkdir()
        (self.dir / "cfg").mkdir()
        self.default_cnf = default_cnf
        self.bind = bind
        self.pick_port()
        (self.dir / "cfg" / f"SIP{MAC}.cnf").write_text(device_cnf)
        (self.dir / "sip.conf").write_text(CALL_PROFILE if script is not None else PROFILE)
        self.err_path = self.dir / "stderr.txt"
        self.proc = None
        self.script = script

    def pick_port(self):
        # SIP listens on UDP and TCP at the same port: both must be free.
        self.port = h.free_port("udp+tcp", self.bind)
        base = (f"sip_bind_address: {self.bind}\nvoip_control_port: {self.port}\n"
                f"timer_t1: 100\ntimer_t2: 400\n")
        (self.dir / "cfg" / "SIPDefault.cnf").write_text(base + self.default_cnf)

    def __enter__(self):
        # Another test may take the port between the pick and the bind:
        # pick again then.
        for attempt in range(3):
            try:
                return self._start()
            except AssertionError:
                if "Address already in use" not in self.log() or attempt == 2:
                    raise
                self.err.close()
                self.pick_port()
        return self

    def _start(self):
        self.err = open(self.err_path, "w")
        env = dict(os.environ, G_MESSAGES_DEBUG=os.environ.get("G_MESSAGES_DEBUG", ""))
        argv = [EXE, "--profile", str(self.dir / "sip.conf"), "--config-dir", str(self.dir / "cfg"),
                "--state-dir", str(self.dir / "state"), f"--mac={MAC}", "--trace-bus"]
        if self.script is not None:
            env["DESKPHONE_SIP_SCRIPT"] = self.script
            argv += ["--plugin-path", SCRIPT_DIR]
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.err, env=env)
        self.wait_for("bus: core.started", 10)
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.err.close()

    def log(self):
        return self.err_path.read_text(errors="replace")

    def wait_for(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while time.monotonic() < deadline:
            if rx.search(self.log()):
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"deskphone exited {self.proc.returncode}:\n{self.log()}")
            time.sleep(0.05)
        raise AssertionError(f"no /{pattern}/ within {timeout} s; deskphone said:\n{self.log()}")

    def reg_states(self, line=1):
        return re.findall(rf"bus: reg.state \{{'line': <uint32 {line}>, 'state': <'(\w+)'>",
                          self.log())

    def call_states(self):
        return re.findall(r"bus: call.state \{'id': <'c\d+'>, 'line': <uint32 \d>, 'state': <'([\w-]+)'>",
                          self.log())

    def wait_exit(self, timeout=20):
        """For scripted phones: the script ends with quit (exit 0)."""
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the script did not finish in {timeout} s:\n{self.log()}")
        assert "script: FAILED" not in self.log(), self.log()
        assert status == 0, f"exit {status}\n{self.log()}"

    def stop(self, timeout=10):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)


def registered_cnf(kam, user="alice", password=None):
    return (f"proxy1_address: {kam.host}\nproxy1_port: {kam.port}\nproxy_register: 1\n"
            f"timer_register_expires: 60\n",
            f"line1_name: {user}\nline1_authname: {user}\n"
            f"line1_password: {password or h.USERS[user]}\n")


def udp_exchange(port, text, timeout=3):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.bind(("127.0.0.1", 0))
        s.sendto(text.encode(), ("127.0.0.1", port))
        return s.recv(65535).decode(errors="replace")


# ---------------------------------------------------------------- cases

def case_register_with_digest_challenge(wd):
    with h.Kamailio(workdir=wd.path) as kam:
        default, device = registered_cnf(kam)
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            loc = kam.location()
            assert any(a.startswith("alice") for a in loc), f"location table: {loc}"
            contacts = [c for a, cs in loc.items() for c in cs if a.startswith("alice")]
            assert any(f":{phone.port}" in c for c in contacts), f"contacts: {contacts}"
            # kamailio challenged first: the log shows the 401 round trip
            assert phone.reg_states() == ["registering", "registered"], phone.reg_states()
            # Unregister on shutdown, then exit 0.
            assert phone.stop() == 0, phone.log()
            loc = kam.location()
            assert not any(a.startswith("alice") for a in loc), f"still registered: {loc}"


def case_wrong_password_fails_clearly(wd):
    with h.Kamailio(workdir=wd.path) as kam:
        default, device = registered_cnf(kam, password="not-the-password")
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'failed'>", 10)
            assert re.search(r"""'reason': <["']401 Unauthorized: .*(password|credentials)""", phone.log()), \
                phone.log()
            assert not kam.location(), kam.location()
            assert phone.stop() == 0


def case_failover_to_backup_proxy(wd):
    dead = h.free_port("udp")
    with h.Kamailio(workdir=wd.path) as kam:
        default = (f"proxy1_address: 127.0.0.1\nproxy1_port: {dead}\n"
                   f"proxy_backup: {kam.host}\nproxy_backup_port: {kam.port}\n"
                   f"proxy_register: 1\nsip_retx: 2\n")
        device = "line1_name: alice\nline1_authname: alice\nline1_password: alicepw\n"
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'registered'>", 15)
            assert "trying the backup proxy" in phone.log(), phone.log()
            assert any(a.startswith("alice") for a in kam.location())
            assert phone.stop() == 0


def case_refreshes_before_expiry(wd):
    with h.Kamailio(workdir=wd.path) as kam:
        default, device = registered_cnf(kam)
        default = default.replace("timer_register_expires: 60", "timer_register_expires: 10")
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            # Without a refresh the binding would expire after 10 s.
            time.sleep(12)
            assert any(a.startswith("alice") for a in kam.location()), \
                f"binding expired: {kam.location()}\n{phone.log()}"
            assert phone.stop() == 0


def case_register_over_tcp(wd):
    with h.Kamailio(workdir=wd.path) as kam:
        default, device = registered_cnf(kam)
        with Phone(wd, default + "sip_transport: tcp\n", device) as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            contacts = [c for cs in kam.location().values() for c in cs]
            assert any("transport=tcp" in c for c in contacts), contacts
            assert phone.stop() == 0


def case_register_over_tls_with_verified_certificate(wd):
    with h.Kamailio(workdir=wd.path, tls=True) as kam:
        default, device = registered_cnf(kam)
        default = default.replace(f"proxy1_port: {kam.port}", f"proxy1_port: {kam.tls_port}")
        default += f"sip_transport: tls\nsip_tls_ca_file: {kam.tls_cert}\n"
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            contacts = [c for cs in kam.location().values() for c in cs]
            assert any("transport=tls" in c for c in contacts), contacts
            assert phone.stop() == 0


def case_tls_refuses_an_untrusted_certificate(wd):
    with h.Kamailio(workdir=wd.path, tls=True) as kam:
        default, device = registered_cnf(kam)
        default = default.replace(f"proxy1_port: {kam.port}", f"proxy1_port: {kam.tls_port}")
        default += "sip_transport: tls\nsip_retx: 2\n"   # the system CAs do not know kamailio's
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'failed'>", 15)
            assert not kam.location(), kam.location()
            assert "Unacceptable TLS certificate" in phone.log(), phone.log()
            assert phone.stop() == 0


def case_options_answered_with_capabilities(wd):
    with Phone(wd, "proxy_register: 0\n") as phone:
        r = h.sip_options("127.0.0.1", phone.port)
        assert r == 200, r
        res = h.Sipp("options.xml", f"127.0.0.1:{phone.port}", workdir=wd).run()
        assert res.ok, res.explain()
        assert phone.stop() == 0


def case_failover_to_emergency_proxy_after_backup(wd):
    dead1, dead2 = h.free_port("udp"), h.free_port("udp")
    with h.Kamailio(workdir=wd.path) as kam:
        default = (f"proxy1_address: 127.0.0.1\nproxy1_port: {dead1}\n"
                   f"proxy_backup: 127.0.0.1\nproxy_backup_port: {dead2}\n"
                   f"proxy_emergency: {kam.host}\nproxy_emergency_port: {kam.port}\n"
                   f"proxy_register: 1\nsip_retx: 2\n")
        device = "line1_name: alice\nline1_authname: alice\nline1_password: alicepw\n"
        with Phone(wd, default, device) as phone:
            phone.wait_for(r"'state': <'registered'>", 20)
            assert "trying the backup proxy" in phone.log(), phone.log()
            assert "trying the emergency proxy" in phone.log(), phone.log()
            assert any(a.startswith("alice") for a in kam.location())
            assert phone.stop() == 0


def case_malformed_request_gets_400_and_phone_keeps_working(wd):
    with Phone(wd, "proxy_register: 0\n") as phone:
        bad = ("OPTIONS sip:phone@127.0.0.1 SIP/2.0\r\n"
               "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK" + uuid.uuid4().hex[:10] + "\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:t@x>;tag=1\r\nTo: <sip:phone@127.0.0.1>\r\n"
               "Call-ID: " + uuid.uuid4().hex + "\r\nCSeq: 1 INVITE\r\n\r\n")
        resp = udp_exchange(phone.port, bad)
        assert resp.startswith("SIP/2.0 400 CSeq method does not match"), resp
        for junk in ["\x00\x01garbage", "GET / HTTP/1.1\r\n\r\n", "INVITE sip:x SIP/2.0\r\n" * 50]:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(junk.encode(), ("127.0.0.1", phone.port))
        assert h.sip_options("127.0.0.1", phone.port) == 200
        assert phone.stop() == 0


def notify(port, event, body=""):
    return udp_exchange(port, (
        f"NOTIFY sip:201@127.0.0.1:{port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{uuid.uuid4().hex[:10]}\r\n"
        f"Max-Forwards: 70\r\nFrom: <sip:pbx@127.0.0.1>;tag=9\r\nTo: <sip:201@127.0.0.1>\r\n"
        f"Call-ID: {uuid.uuid4().hex}\r\nCSeq: 1 NOTIFY\r\nEvent: {event}\r\n"
        f"Content-Type: application/simple-message-summary\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"))


def case_unsolicited_notify_message_waiting_and_check_sync(wd):
    with Phone(wd, "proxy_register: 0\n", "line2_name: 201\n") as phone:
        r = notify(phone.port, "message-summary",
                   "Messages-Waiting: yes\r\nMessage-Account: sip:201@pbx\r\nVoice-Message: 2/8 (1/2)\r\n")
        assert r.startswith("SIP/2.0 200"), r
        phone.wait_for(r"bus: mwi.state \{'line': <uint32 2>, 'waiting': <true>, 'new': <uint32 2>, "
                       r"'old': <uint32 8>\}", 5)
        r = notify(phone.port, "check-sync")
        assert r.startswith("SIP/2.0 200"), r
        phone.wait_for(r"bus: prov.check-sync \{'line': <uint32 2>\}", 5)
        r = notify(phone.port, "presence")
        assert r.startswith("SIP/2.0 489"), r
        r = notify(phone.port, "message-summary", "Voice-Message: 2/8\r\n")
        assert r.startswith("SIP/2.0 400"), r
        assert phone.stop() == 0


def case_message_waiting_subscription(wd):
    """Registered, the line subscribes to message-summary (RFC 6665/3842)
    and turns the notifier's NOTIFY into mwi.state."""
    with h.Sipp(str(SCENARIOS / "registrar-mwi.xml"), None, (), 20, workdir=wd, calls=2,
                name="registrar") as reg:
        default = (f"proxy1_address: 127.0.0.1\nproxy1_port: {reg.port}\nproxy_register: 1\n")
        with Phone(wd, default, "line1_name: 201\nline1_password: x\n") as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            phone.wait_for(r"bus: mwi.state \{'line': <uint32 1>, 'waiting': <true>, "
                           r"'new': <uint32 3>, 'old': <uint32 1>\}", 10)
            assert phone.stop() == 0
        got = reg.stop().received_requests()
        assert "SUBSCRIBE" in got and "REGISTER" in got, got


def case_nat_received_processing_reregisters(wd):
    """nat_enable + nat_received_processing (spec N-06): the registrar's
    received= becomes the Contact, the old binding is dropped."""
    with h.Sipp(str(SCENARIOS / "registrar-nat.xml"), None, (), 20, workdir=wd, calls=1,
                name="registrar") as reg:
        default = (f"proxy1_address: 127.0.0.1\nproxy1_port: {reg.port}\nproxy_register: 1\n"
                   f"nat_enable: 1\nnat_received_processing: 1\n")
        with Phone(wd, default, "line1_name: 201\n") as phone:
            phone.wait_for(r"'state': <'registered'>", 10)
            assert "sees this phone at 198.51.100.7" in phone.log(), phone.log()
            res = reg.stop()
            log = res.message_log.read_text()
            assert re.search(rf"Contact: <sip:201@127\.0\.0\.1:{phone.port}>;expires=0", log), log
            assert re.search(rf"Contact: <sip:201@198\.51\.100\.7:{phone.port}>", log), log
            assert phone.stop() == 0


def case_unknown_method_501_and_bad_scheme_416(wd):
    with Phone(wd, "proxy_register: 0\n") as phone:
        def req(method, ruri, extra=""):
            return (f"{method} {ruri} SIP/2.0\r\n"
                    f"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{uuid.uuid4().hex[:10]}\r\n"
                    f"Max-Forwards: 70\r\nFrom: <sip:t@x>;tag=1\r\nTo: <sip:phone@127.0.0.1>\r\n"
                    f"Call-ID: {uuid.uuid4().hex}\r\nCSeq: 1 {method}\r\n{extra}"
                    f"Content-Length: 0\r\n\r\n")
        r = udp_exchange(phone.port, req("FROBNICATE", "sip:phone@127.0.0.1"))
        assert r.startswith("SIP/2.0 501"), r
        assert "Allow: " in r, r
        r = udp_exchange(phone.port, req("OPTIONS", "http://example.com/"))
        assert r.startswith("SIP/2.0 416"), r
        r = udp_exchange(phone.port, req("OPTIONS", "sip:phone@127.0.0.1", "Require: nonsense\r\n"))
        assert r.startswith("SIP/2.0 420") and "Unsupported: nonsense" in r, r
        assert phone.stop() == 0


# ---------------------------------------------------------------- calls

def sipp_bg(wd, scenario, name, keys=None, user="bob"):
    return h.Sipp(str(SCENARIOS / scenario) if scenario.endswith(".xml") else scenario, None,
                  (), 30, workdir=wd, calls=1, name=name, service=user, keys=keys)


def case_g729_offered_first_with_annexb_per_enable_vad(wd):
    """preferred_codec g729a puts G.729 (codec-g729 plugin) first in the
    offer; enable_vad 0 says annexb=no, 1 offers Annex B (no fmtp)."""
    for vad in ("0", "1"):
        with sipp_bg(wd, "uas", f"uas-vad{vad}") as uas:
            script = f"dial 1 127.0.0.1:{uas.port}; wait connected; hangup; wait ended; quit"
            with Phone(wd, f"proxy_register: 0\npreferred_codec: g729a\nenable_vad: {vad}\n",
                       name=f"phone-vad{vad}", script=script) as phone:
                phone.wait_exit()
            res = uas.stop()
            invite = next(b for b in re.split(r"^-{5,}.*$", res.messages(), flags=re.M)
                          if re.search(r"^INVITE sip", b, flags=re.M))
            m = re.search(r"^m=audio \d+ RTP/AVP ([\d ]+)$", invite, flags=re.M)
            assert m and m.group(1).split()[:3] == ["18", "0", "8"], invite
            assert "a=rtpmap:18 G729/8000" in invite, invite
            assert ("a=fmtp:18 annexb=no" in invite) == (vad == "0"), invite


def case_call_direct_ip_answered_then_we_hang_up(wd):
    with sipp_bg(wd, "uas", "uas") as uas:
        script = (f"dial 1 127.0.0.1:{uas.port}; wait connected; sleep 300; hangup; "
                  f"wait ended; quit")
        with Phone(wd, "proxy_register: 0\n", script=script) as phone:
            phone.wait_exit()
            assert phone.call_states() == ["dialing", "ringback", "connected", "ended"], \
                phone.call_states()
            assert "'codec': <'PCMU'>" in phone.log(), phone.log()
        res = uas.stop()
        assert res.received_requests()[:3] == ["INVITE", "ACK", "BYE"], res.explain()


def case_call_incoming_auto_answered_far_end_hangs_up(wd):
    with Phone(wd, "proxy_register: 0\nauto_answer: 1\n",
               script="wait connected 15; wait ended 15; quit") as phone:
        res = h.Sipp("uac", f"127.0.0.1:{phone.port}", ["-d", "300"], 20, workdir=wd,
                     service="phone").run()
        assert res.ok, res.explain()
        phone.wait_exit()
        assert phone.call_states() == ["alerting", "connected", "ended"], phone.call_states()
        assert "the far end hung up" in phone.log()


def incoming_with_identity(wd, cnf, identity, name="phone"):
    with Phone(wd, "proxy_register: 0\nauto_answer: 1\n" + cnf, name=name,
               script="wait connected 15; wait ended 15; quit") as phone:
        res = h.Sipp(str(SCENARIOS / "uac-identity.xml"), f"127.0.0.1:{phone.port}", (), 20,
                     workdir=wd, service="phone", keys={"identity": identity},
                     name=f"uac-{name}").run()
        assert res.ok, res.explain()
        phone.wait_exit()
        return re.findall(r"'state': <'alerting'>.*'peer': <'([^']*)'>", phone.log())


def case_caller_id_from_p_asserted_identity(wd):
    peers = incoming_with_identity(wd, "", 'P-Asserted-Identity: "Reception" <sip:100@pbx.example>')
    assert peers == ["Reception <sip:100@pbx.example>"], peers


def case_caller_id_from_remote_party_id_and_its_privacy(wd):
    rpid = 'Remote-Party-ID: "Boss" <sip:200@pbx.example>;party=calling;screen=yes'
    peers = incoming_with_identity(wd, "remote_party_id: 1\n", rpid)
    assert peers == ["Boss <sip:200@pbx.example>"], peers
    # remote_party_id off: From is what counts
    peers = incoming_with_identity(wd, "remote_party_id: 0\n", rpid, name="phone2")
    assert len(peers) == 1 and peers[0].startswith("From Header <sip:sipp@127.0.0.1:"), peers
    peers = incoming_with_identity(wd, "remote_party_id: 1\n", rpid + ";privacy=full",
                                   name="phone3")
    assert peers == ["Anonymous"], peers


def case_call_incoming_cancelled_before_answer(wd):
    with Phone(wd, "proxy_register: 0\n", script="wait alerting 15; wait ended 15; quit") as phone:
        res = h.Sipp(str(SCENARIOS / "uac-cancel.xml"), f"127.0.0.1:{phone.port}", (), 20,
                     workdir=wd, service="phone").run()
        assert res.ok, res.explain()
        phone.wait_exit()
        assert "cancelled by the caller" in phone.log(), phone.log()


def case_call_to_a_host_name(wd):
    """The next hop is a name (localhost), located by A/AAAA, not an IP."""
    with sipp_bg(wd, "uas", "uas") as uas:
        script = f"dial 1 bob@localhost:{uas.port}; wait connected; hangup; wait ended; quit"
        with Phone(wd, "proxy_register: 0\n", script=script) as phone:
            phone.wait_exit()
            assert phone.call_states()[-2:] == ["connected", "ended"], phone.log()
        assert uas.stop().received_requests()[:3] == ["INVITE", "ACK", "BYE"]


def case_ipv6_options_and_a_call(wd):
    """Bound to ::1: OPTIONS answered, an incoming call over IPv6 answered
    (RFC 5118 addresses in Via, Contact and SDP)."""
    with Phone(wd, "proxy_register: 0\nauto_answer: 1\n", bind="::1",
               script="wait connected 15; wait ended 15; quit") as phone:
        assert h.sip_options("::1", phone.port) == 200
        res = h.Sipp("uac", f"[::1]:{phone.port}", ["-d", "200"], 20, workdir=wd,
                     service="phone", host="::1").run()
        assert res.ok, res.explain()
        phone.wait_exit()
        assert phone.call_states() == ["alerting", "connected", "ended"], phone.log()
        log = res.message_log.read_text()
        assert "c=IN IP6 ::1" in log, log   # our SDP answer speaks IPv6


def case_call_unanswered_gives_up_after_timer_invite_expires(wd):
    with sipp_bg(wd, "uas-ring-forever.xml", "ringer") as uas:
        script = f"dial 1 127.0.0.1:{uas.port}; wait ringback; wait ended 10; sleep 500; quit"
        with Phone(wd, "proxy_register: 0\ntimer_invite_expires: 2\n", script=script) as phone:
            phone.wait_exit()
            assert re.search(r"'state': <'ended'>.*'reason': <'no answer'>", phone.log()), phone.log()
        res = uas.stop()
        assert res.ok, res.explain()
        assert res.received_requests() == ["INVITE", "CANCEL", "ACK"], res.received_requests()


def case_ack_of_authorized_invite_carries_its_credentials(wd):
    """RFC 3261 13.2.2.4: the ACK of a 2xx repeats the INVITE's
    Proxy-Authorization; a proxy that authenticates ACKs needs it."""
    with sipp_bg(wd, "uas-challenge-invite.xml", "challenger") as uas:
        script = f"dial 1 127.0.0.1:{uas.port}; wait connected; hangup; wait ended; sleep 300; quit"
        with Phone(wd, "proxy_register: 0\n", "line1_name: alice\nline1_password: alicepw\n",
                   script=script) as phone:
            phone.wait_exit()
        res = uas.stop()
        assert res.ok, res.explain()
        assert res.received_requests() == ["INVITE", "ACK", "INVITE", "ACK", "BYE"], \
            res.received_requests()
        auth = {}
        for block in re.split(r"^-{5,}.*$", res.messages(), flags=re.M):
            start = re.search(r"^(INVITE|ACK) sip\S* SIP/2.0\s*$", block, flags=re.M)
            if start and re.search(r"message received", block):
                m = re.search(r"^Proxy-Authorization: *(.*?)\s*$", block, flags=re.M)
                auth.setdefault(start.group(1), []).append(m.group(1) if m else None)
        assert auth["INVITE"][0] is None and auth["INVITE"][1], auth
        assert auth["ACK"] == [None, auth["INVITE"][1]], auth


def case_bye_challenged_with_407_is_sent_again_with_credentials(wd):
    """Digest on any request: the far end challenges our BYE."""
    with sipp_bg(wd, "uas-challenge-bye.xml", "challenger") as uas:
        script = f"dial 1 127.0.0.1:{uas.port}; wait connected; hangup; wait ended; sleep 500; quit"
        with Phone(wd, "proxy_register: 0\n", "line1_name: alice\nline1_password: alicepw\n",
                   script=script) as phone:
            phone.wait_exit()
        res = uas.stop()
        assert res.ok, res.explain()
        assert res.received_requests() == ["INVITE", "ACK", "BYE", "BYE"], res.received_requests()


def case_call_to_a_sips_uri_goes_over_tls(wd):
    """Dialling sips: uses TLS to the proxy (RFC 3261 26.2), certificate
    verified; kamailio relays the call to bob (a sipp UAS on UDP)."""
    with h.Kamailio(workdir=wd.path, tls=True) as kam, h.sipp_uas(wd, user="bob") as bob:
        reg = h.register(kam, "bob", workdir=wd, contact_port=bob.port)
        assert reg.final_status == 200, reg.explain()
        default = (f"proxy_register: 0\noutbound_proxy: 127.0.0.1\n"
                   f"outbound_proxy_port: {kam.tls_port}\nsip_tls_ca_file: {kam.tls_cert}\n")
        device = "line1_name: alice\nline1_authname: alice\nline1_password: alicepw\n"
        script = (f"dial 1 sips:bob@{kam.host}:{kam.tls_port}; wait connected; hangup; "
                  f"wait ended; sleep 300; quit")
        with Phone(wd, default, device, script=script) as phone:
            phone.wait_exit()
            assert phone.call_states()[-2:] == ["connected", "ended"], phone.log()
        got = bob.stop().received_requests()
        assert got[:3] == ["INVITE", "ACK", "BYE"], got


def case_call_busy_486(wd):
    with sipp_bg(wd, "uas-busy.xml", "busy") as uas:
        with Phone(wd, "proxy_register: 0\n",
                   script=f"dial 1 127.0.0.1:{uas.port}; wait ended; quit") as phone:
            phone.wait_exit()
            assert re.search(r"'state': <'ended'>.*'reason': <'486 Busy Here'>", phone.log()), \
                phone.log()
        assert uas.stop().received_requests() == ["INVITE", "ACK"]


def case_call_redirected_by_302(wd):
    redirected(wd, "127.0.0.1")


def case_call_redirected_to_a_host_name(wd):
    redirected(wd, "localhost")


def redirected(wd, host):
    with sipp_bg(wd, "uas", "final") as final:
        with sipp_bg(wd, "uas-redirect.xml", "redirector",
                     keys={"target": f"sip:bob@{host}:{final.port}"}) as red:
            script = (f"dial 1 127.0.0.1:{red.port}; wait connected; hangup; wait ended; quit")
            with Phone(wd, "proxy_register: 0\n", script=script) as phone:
                phone.wait_exit()
                assert phone.call_states()[-2:] == ["connected", "ended"], phone.log()
            assert red.stop().received_requests() == ["INVITE", "ACK"]
        assert final.stop().received_requests()[:3] == ["INVITE", "ACK", "BYE"]


def case_call_hold_and_resume_by_reinvite(wd):
    with sipp_bg(wd, "uas-hold.xml", "holder") as uas:
        script = (f"dial 1 127.0.0.1:{uas.port}; wait connected; hold; wait held; "
                  f"resume; wait connected; hangup; wait ended; quit")
        with Phone(wd, "proxy_register: 0\n", script=script) as phone:
            phone.wait_exit()
            assert phone.call_states() == ["dialing", "connected", "held", "connected", "ended"], \
                phone.call_states()
        res = uas.stop()
        assert res.ok, res.explain()
        log = res.message_log.read_text()
        offers = re.findall(r"a=(sendrecv|sendonly|recvonly|inactive)", log)
        # our offers (call, hold, resume) and sipp's answers to the re-INVITEs
        # (its first answer states no direction)
        assert offers == ["sendrecv", "sendonly", "recvonly", "sendrecv", "sendrecv"], offers


def case_call_blind_transfer_by_refer(wd):
    """A calls B; A transfers B to C (sipp): B gets the REFER, calls C,
    reports by NOTIFY; A hangs up when C answers."""
    with sipp_bg(wd, "uas", "carol", user="carol") as carol:
        with Phone(wd, "proxy_register: 0\nauto_answer: 1\n", name="b",
                   script="wait connected 15; wait ended 15; sleep 300; quit") as b:
            target = f"carol@127.0.0.1:{carol.port}"
            script = (f"dial 1 b@127.0.0.1:{b.port}; wait connected; transfer {target}; "
                      f"wait ended; quit")
            with Phone(wd, "proxy_register: 0\n", name="a", script=script) as a:
                a.wait_exit()
                assert re.search(r"'state': <'ended'>.*'reason': <'transferred to sip:carol@", a.log()), \
                    a.log()
            b.wait_exit()
            # B's second call, to carol, was connected (and ended when B quit)
            assert re.search(r"call.state \{'id': <'c2'>.*'state': <'connected'>", b.log()), b.log()
        got = carol.stop().received_requests()
        assert got[:3] == ["INVITE", "ACK", "BYE"], got


def case_call_transfer_by_bye_also(wd):
    """The 7960's transfer (CALL-FLOWS G-09): A sends B a BYE with Also:
    <C>; B calls C with Requested-By."""
    with sipp_bg(wd, "uas", "carol", user="carol") as carol:
        with Phone(wd, "proxy_register: 0\nauto_answer: 1\n", name="b",
                   script="wait connected 15; wait ended 15; sleep 300; quit") as b:
            target = f"carol@127.0.0.1:{carol.port}"
            script = (f"dial 1 b@127.0.0.1:{b.port}; wait connected; transfer {target}; "
                      f"wait ended; quit")
            with Phone(wd, "proxy_register: 0\nsip_transfer_method: bye-also\n", name="a",
                       script=script) as a:
                a.wait_exit()
            b.wait_exit()
            assert "transferred by the far end to sip:carol@" in b.log(), b.log()
            assert re.search(r"call.state \{'id': <'c2'>.*'state': <'connected'>", b.log()), b.log()
        res = carol.stop()
        assert res.received_requests()[:3] == ["INVITE", "ACK", "BYE"], res.received_requests()
        assert "Requested-By:" in res.message_log.read_text()


def case_call_attended_transfer_with_replaces(wd):
    """A talks to B and to C, then joins them: REFER to B with Refer-To C
    and Replaces (RFC 3891); C's call with A is replaced by B's."""
    auto = "proxy_register: 0\nauto_answer: 1\n"
    with Phone(wd, auto, name="b", script="wait connected 15; wait ended 20; sleep 600; quit") as b, \
         Phone(wd, auto, name="c", script="wait connected 15; wait ended 20; sleep 800; quit") as c:
        script = (f"dial 1 b@127.0.0.1:{b.port}; wait connected; dial 1 c@127.0.0.1:{c.port}; "
                  f"wait connected; xfer-attended; wait ended; sleep 500; quit")
        with Phone(wd, "proxy_register: 0\n", name="a", script=script) as a:
            a.wait_exit()
            assert re.search(r"'id': <'c1'>.*'state': <'ended'>.*'reason': <'transferred to", a.log()), \
                a.log()
        b.wait_exit()
        c.wait_exit()
        # B called C; C's first call (from A) was replaced by it
        assert re.search(r"'id': <'c2'>, 'line': <uint32 1>, 'state': <'connected'>", b.log()), b.log()
        assert re.search(r"'id': <'c1'>.*'state': <'ended'>.*'reason': <'replaced'>", c.log()), c.log()
        assert re.search(r"'id': <'c2'>, 'line': <uint32 1>, 'state': <'connected'>", c.log()), c.log()


def case_call_through_kamailio_with_407(wd):
    with h.Kamailio(workdir=wd.path) as kam, h.sipp_uas(wd, user="bob") as bob:
        reg = h.register(kam, "bob", workdir=wd, contact_port=bob.port)
        assert reg.final_status == 200, reg.explain()
        default, device = registered_cnf(kam)
        script = "sleep 500; dial 1 bob; wait connected; sleep 200; hangup; wait ended; quit"
        with Phone(wd, default, device, script=script) as phone:
            phone.wait_exit()
            assert "ended" in phone.call_states() and "connected" in phone.call_states(), \
                phone.log()
        got = bob.stop().received_requests()
        assert got[:3] == ["INVITE", "ACK", "BYE"], got


def case_malformed_request_while_a_call_is_up(wd):
    with sipp_bg(wd, "uas", "uas") as uas:
        script = (f"dial 1 127.0.0.1:{uas.port}; wait connected; sleep 1500; hangup; "
                  f"wait ended; quit")
        with Phone(wd, "proxy_register: 0\n", script=script) as phone:
            phone.wait_for(r"'state': <'connected'>", 10)
            bad = ("BYE sip:phone@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx1\r\n"
                   "From: <sip:t@x>;tag=1\r\nTo: <sip:phone@127.0.0.1>;tag=2\r\n"
                   "Call-ID: junk\r\nCSeq: one BYE\r\n\r\n")
            resp = udp_exchange(phone.port, bad)
            assert resp.startswith("SIP/2.0 400 Bad CSeq"), resp
            phone.wait_exit()
            assert phone.call_states()[-2:] == ["connected", "ended"], phone.call_states()
        assert uas.stop().received_requests()[:3] == ["INVITE", "ACK", "BYE"]


CASES = [v for k, v in sorted(globals().items()) if k.startswith("case_")]


def main(argv):
    for prog in ("kamailio", "sipp", "kamcmd"):
        h.tool(prog)
    wanted = argv[1:]
    cases = [c for c in CASES if not wanted or any(w in c.__name__ for w in wanted)]
    print(f"1..{len(cases)}", flush=True)
    failed = 0
    for i, case in enumerate(cases, 1):
        name = case.__name__[5:]
        wd = h.Workdir(name)
        try:
            with wd:
                start = time.monotonic()
                case(wd)
            print(f"ok {i} - {name} ({time.monotonic() - start:.1f} s)", flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            print(f"not ok {i} - {name}", flush=True)
            for line in str(e).splitlines()[-40:]:
                print(f"# {line}", flush=True)
            print(f"# logs kept in {wd.path}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
