#!/usr/bin/env python3
"""SIP stack as UAS under a bounded sipp load: transactions/s and memory.

The real deskphone runs with a profile holding only the sip plugin (plus
codec-g711 for the INVITE rows), bound to 127.0.0.1 on a free port,
proxy_register 0, default timers (T1 500 ms, so a UDP server transaction
lives 64*T1 = 32 s after its final response).  sipp, on the same machine,
is the UAC:

  OPTIONS rows   a one-transaction scenario (OPTIONS, 200; sipp retransmits
                 after 500 ms like an RFC 3261 UAC) at increasing rates.
  INVITE rows    sipp's built-in uac (INVITE, 100/180/200, ACK, BYE, 200,
                 -d 0) against auto_answer: 1.

Every row gets a fresh deskphone, so "idle" RSS is that of a phone that
has seen no traffic.  Per row: offered rate, what sipp managed to send,
completed and failed transactions (calls), completed/s, sipp's
retransmissions, datagrams the kernel dropped on deskphone's socket (the
"drops" column of /proc/net/udp), response time p50/p99/max (sipp's
-trace_rtt, whose clock is coarse: multiples of ~4 ms here), deskphone's
and sipp's CPU time over the row (/proc/PID/stat utime+stime) as % of one
core, VmRSS idle / at the end of the row / VmHWM, and memory per
transaction.  deskphone is stopped with SIGTERM after each row and must
exit 0 (printed in the last column).

Memory per transaction: (VmRSS at the end - VmRSS idle) / transactions
alive.  A row lasts ~5 s, shorter than the 32 s a UDP server transaction
(Timer J for OPTIONS and BYE, RFC 6026 Accepted for INVITE) is kept, so at
the end of the row every transaction the row created is still alive:
alive = the requests deskphone answered (completed + failed that got
there).  An INVITE call leaves two server transactions (INVITE, BYE) and a
call object kept 5 s after the BYE, all alive at the end of the row; its
row shows bytes per call.  At a sustained rate R the steady state would be
R x 32 s OPTIONS transactions, or R x 2 x 32 s transactions plus R x 5 s
ended calls for INVITE.

Prints a table; asserts nothing about speed.  Stops by itself (~80 s with the default rates):
each sipp run is bounded by -m, -timeout and a kill after that.

    bench-sip-uas.py [DESKPHONE] [--seconds S] [--rates 500,1000,...]
                     [--call-rates 50,100,...] [--keep]

DESKPHONE defaults to $DESKPHONE_EXE, else build/core/deskphone.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SRC = Path(os.environ.get("DESKPHONE_SOURCE_ROOT", Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(SRC / "tests" / "integration"))
import harness as h  # noqa: E402

MAC = "001646C0FFEE"
HZ = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

OPTIONS_XML = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<!-- One non-INVITE transaction per call: OPTIONS, 200. -->
<scenario name="deskphone options load">
  <send retrans="500">
    <![CDATA[

      OPTIONS sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:probe@[local_ip]:[local_port]>;tag=[pid]O[call_number]
      To: <sip:[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Accept: application/sdp
      User-Agent: deskphone-bench
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" rtd="true"/>
</scenario>
"""


# ---------------------------------------------------------------- /proc

def cpu_ticks(pid):
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def mem_kb(pid):
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def udp_drops(port):
    """The kernel's drop counter of the UDP socket bound to 127.0.0.1:port."""
    want = f"0100007F:{port:04X}"
    try:
        for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
            f = line.split()
            if f[1] == want:
                return int(f[-1])
    except OSError:
        pass
    return None


class Sampler(threading.Thread):
    """Peak VmRSS and the CPU ticks of a process, every 50 ms, until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.ticks = []  # (monotonic time, utime+stime)
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            self.peak = max(self.peak, mem_kb(self.pid).get("VmRSS", 0))
            t = cpu_ticks(self.pid)
            if t is not None:
                self.ticks.append((time.monotonic(), t))
            self._halt.wait(0.05)

    def stop(self):
        self._halt.set()
        self.join()

    def cpu_between(self, t0, t1):
        """CPU seconds used between t0 and t1 (nearest samples)."""
        inside = [x for x in self.ticks if t0 <= x[0] <= t1]
        if len(inside) < 2:
            return None, None
        return (inside[-1][1] - inside[0][1]) / HZ, inside[-1][0] - inside[0][0]


# ---------------------------------------------------------------- deskphone

class Phone:
    def __init__(self, exe, wd, name, call=False):
        self.dir = wd / name
        (self.dir / "cfg").mkdir(parents=True)
        self.port = None
        self.exe = exe
        self.call = call
        self.proc = None
        self.exit_status = None
        self.exit_ms = None

    def start(self):
        plugins = "codec-g711=required\nsip=required\n" if self.call else "sip=required\n"
        (self.dir / "profile.conf").write_text(f"[product]\nname=bench-sip-uas\n[plugins]\n{plugins}")
        for _ in range(3):
            self.port = h.free_port("udp+tcp")
            (self.dir / "cfg" / "SIPDefault.cnf").write_text(
                f"sip_bind_address: 127.0.0.1\nvoip_control_port: {self.port}\n"
                f"proxy_register: 0\nauto_answer: {1 if self.call else 0}\n")
            (self.dir / "cfg" / f"SIP{MAC}.cnf").write_text("")
            self.err = open(self.dir / "stderr.txt", "w")
            self.proc = subprocess.Popen(
                [self.exe, "--profile", str(self.dir / "profile.conf"),
                 "--config-dir", str(self.dir / "cfg"), "--state-dir", str(self.dir / "state"),
                 f"--mac={MAC}"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.err)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if h.sip_options("127.0.0.1", self.port, timeout=0.2) == 200:
                        return self
                except (OSError, h.HarnessError):
                    pass
            self.kill()
            if "Address already in use" not in self.log():
                break
        raise RuntimeError(f"deskphone did not answer OPTIONS on port {self.port}:\n{self.log()[-2000:]}")

    def log(self):
        return (self.dir / "stderr.txt").read_text(errors="replace")

    def stop(self):
        """SIGTERM; the exit status (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            t0 = time.monotonic()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.exit_status = self.proc.wait(15)
                self.exit_ms = (time.monotonic() - t0) * 1000
            except subprocess.TimeoutExpired:
                self.kill()
                self.exit_status = None
        else:
            self.exit_status = self.proc.returncode
        self.err.close()
        return self.exit_status

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


# ---------------------------------------------------------------- sipp

def read_stat(path):
    """sipp's -trace_stat CSV as a list of {column: value} rows."""
    try:
        lines = [l for l in Path(path).read_text(errors="replace").splitlines() if l.strip()]
    except OSError:
        return []
    if not lines:
        return []
    head = lines[0].rstrip(";").split(";")
    return [dict(zip(head, l.rstrip(";").split(";"))) for l in lines[1:]]


def stat_time(row, col):
    # "2026-11-24\t02:38:36.810775\t1795487916.810775": the epoch is last
    return float(row[col].split("\t")[-1])


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    return sorted_vals[min(len(sorted_vals) - 1, int(round(p / 100 * (len(sorted_vals) - 1))))]


def run_sipp(phone, step_dir, scenario_args, rate, calls, seconds, limit):
    """Load phone for one row; returns a dict of figures."""
    step_dir.mkdir(parents=True, exist_ok=True)
    sipp_port = h.free_port("udp")
    cmd = [h.tool("sipp"), f"127.0.0.1:{phone.port}", *scenario_args,
           "-i", "127.0.0.1", "-p", str(sipp_port), "-t", "u1",
           "-mi", "127.0.0.1", "-mp", str(h.free_port("udp")),
           "-ci", "127.0.0.1", "-cp", str(h.free_port("udp")),
           "-nostdin", "-r", str(rate), "-m", str(calls), "-l", str(limit),
           "-recv_timeout", "4000", "-timeout", f"{int(seconds + 10)}s",
           "-trace_stat", "-stf", "stat.csv", "-fd", "1",
           # sipp writes the RTT file every -rtt_freq calls and drops the rest
           "-trace_rtt", "-rtt_freq", str(next(f for f in (500, 100, 50, 10, 1) if calls % f == 0)),
           "-trace_screen", "-screen_file", "screen.txt",
           "-trace_err", "-error_file", "errors.log"]
    out = open(step_dir / "sipp-output.txt", "wb")
    idle = mem_kb(phone.proc.pid)
    c0, d0 = cpu_ticks(phone.proc.pid), udp_drops(phone.port)
    sampler = Sampler(phone.proc.pid)
    sampler.start()
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                            cwd=step_dir, start_new_session=True)
    sipp_cpu = 0
    try:
        while proc.poll() is None and time.monotonic() - t0 < seconds + 15:
            sipp_cpu = cpu_ticks(proc.pid) or sipp_cpu
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        out.close()
    wall = time.monotonic() - t0
    c1, d1 = cpu_ticks(phone.proc.pid), udp_drops(phone.port)
    end = mem_kb(phone.proc.pid)
    sampler.stop()
    # the load phase: while sipp creates calls (at the offered rate)
    busy_cpu, busy_wall = sampler.cpu_between(t0 + 0.1, t0 + 0.1 + calls / rate)

    rows = read_stat(step_dir / "stat.csv")
    last = rows[-1] if rows else {}
    num = lambda k: int(last.get(k, "0") or 0)  # noqa: E731
    # sending rate: from the periodic rows, over the whole seconds during
    # which sipp was still creating calls
    sent_rate = None
    if rows:
        start = stat_time(rows[0], "StartTime")
        done = [r for r in rows if int(r["TotalCallCreated"]) >= calls]
        full = [r for r in rows if int(r["TotalCallCreated"]) < calls]
        if full:
            r = full[-1]
            sent_rate = int(r["TotalCallCreated"]) / max(1e-3, stat_time(r, "CurrentTime") - start)
        elif done:
            sent_rate = calls / max(1e-3, stat_time(done[0], "CurrentTime") - start)
    rtt, dates = [], []
    for f in step_dir.glob("*_rtt.csv"):
        for line in f.read_text(errors="replace").splitlines()[1:]:
            p = line.split(";")
            if len(p) >= 3:
                try:
                    dates.append(float(p[0]))
                    rtt.append(float(p[1]))
                except ValueError:
                    pass
    rtt.sort()
    dates.sort()
    ok = num("SuccessfulCall(C)")
    if len(dates) > 1 and dates[-1] > dates[0]:
        done_rate = (len(dates) - 1) / ((dates[-1] - dates[0]) / 1000)
    else:
        done_rate = None
    return {
        "rate": rate, "calls": calls, "created": num("TotalCallCreated"), "ok": ok,
        "failed": num("FailedCall(C)"), "retrans": num("Retransmissions(C)"),
        "timeouts": num("FailedTimeoutOnRecv(C)") + num("FailedMaxUDPRetrans(C)"),
        "dead": num("DeadCallMsgs(C)") + num("OutOfCallMsgs(C)"),
        "sent_rate": sent_rate, "done_rate": done_rate,
        "p50": pct(rtt, 50), "p99": pct(rtt, 99), "max": rtt[-1] if rtt else None,
        "wall": wall, "busy_cpu": busy_cpu, "busy_wall": busy_wall, "dp_cpu": ((c1 or 0) - (c0 or 0)) / HZ, "sipp_cpu": sipp_cpu / HZ,
        "rss_idle": idle.get("VmRSS", 0), "rss_end": end.get("VmRSS", 0),
        "rss_peak": sampler.peak, "hwm": end.get("VmHWM", 0),
        "drops": (d1 - d0) if d0 is not None and d1 is not None else None,
        "sipp_rc": proc.returncode,
    }


# ---------------------------------------------------------------- report

def fmt_int(v):
    return "–" if v is None else f"{int(round(v)):,}".replace(",", " ")


def fmt_ms(v):
    return "–" if v is None else f"{v:g}"


def table(title, rows, unit):
    print(f"\n{title}\n")
    print(f"| offered/s | sent/s | {unit}s | ok | failed | ok/s | sipp retrans | socket drops "
          f"| p50 ms | p99 ms | max ms | deskphone CPU under load | CPU µs/{unit} | sipp CPU "
          f"| RSS idle MB | RSS end MB | B/{unit} | SIGTERM exit |")
    print("|" + "---:|" * 17 + "---|")
    for r in rows:
        n = r["ok"] + r["failed"]
        per = (r["rss_end"] - r["rss_idle"]) * 1024 / n if n else None
        ex = "killed" if r["exit"] is None else f"{r['exit']} ({r['exit_ms']:.0f} ms)"
        busy = ("–" if not r["busy_wall"] else f"{100 * r['busy_cpu'] / r['busy_wall']:.0f} %")
        print(f"| {fmt_int(r['rate'])} | {fmt_int(r['sent_rate'])} | {fmt_int(r['created'])} "
              f"| {fmt_int(r['ok'])} | {fmt_int(r['failed'])} | {fmt_int(r['done_rate'])} "
              f"| {fmt_int(r['retrans'])} | {fmt_int(r['drops'])} "
              f"| {fmt_ms(r['p50'])} | {fmt_ms(r['p99'])} | {fmt_ms(r['max'])} "
              f"| {busy} | {fmt_int(1e6 * r['dp_cpu'] / n if n else None)} "
              f"| {100 * r['sipp_cpu'] / r['wall']:.0f} % "
              f"| {r['rss_idle'] / 1024:.1f} | {r['rss_end'] / 1024:.1f} "
              f"| {fmt_int(per)} | {ex} |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("deskphone", nargs="?",
                    default=os.environ.get("DESKPHONE_EXE", str(SRC / "build" / "core" / "deskphone")))
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each row (5)")
    ap.add_argument("--rates", default="500,1000,2000,4000,8000,12000",
                    help="OPTIONS rates, transactions/s")
    ap.add_argument("--call-rates", default="50,100,200,400,800,1600", help="INVITE rates, calls/s")
    ap.add_argument("--keep", action="store_true", help="keep the work dir (sipp logs, stderr)")
    args = ap.parse_args()
    rates = [int(x) for x in args.rates.split(",") if x]
    call_rates = [int(x) for x in args.call_rates.split(",") if x]

    wd = Path(tempfile.mkdtemp(prefix="bench-sip-uas-"))
    print(f"deskphone {args.deskphone}; nproc {os.cpu_count()}; "
          f"{args.seconds:g} s per row; work dir {wd}", flush=True)
    t_start = time.monotonic()
    problems = []
    results = {"OPTIONS": [], "INVITE": []}
    try:
        steps = [("OPTIONS", r) for r in rates] + [("INVITE", r) for r in call_rates]
        for kind, rate in steps:
            name = f"{kind.lower()}-{rate}"
            phone = Phone(args.deskphone, wd, name, call=(kind == "INVITE")).start()
            try:
                time.sleep(0.3)  # let start-up settle before "idle"
                calls = max(1, int(rate * args.seconds))
                if kind == "OPTIONS":
                    (wd / "options.xml").exists() or (wd / "options.xml").write_text(OPTIONS_XML)
                    scen = ["-sf", str(wd / "options.xml")]
                else:
                    scen = ["-sn", "uac", "-d", "0"]
                r = run_sipp(phone, wd / name / "sipp", scen, rate, calls, args.seconds,
                             limit=max(2 * rate, 100))
            finally:
                alive = phone.proc.poll() is None
                r_exit = phone.stop()
            r["exit"], r["exit_ms"] = r_exit, phone.exit_ms or 0
            if not alive:
                problems.append(f"{name}: deskphone died during the row "
                                f"(status {phone.proc.returncode}); see {phone.dir}/stderr.txt")
            elif r_exit != 0:
                problems.append(f"{name}: deskphone exited {r_exit} after SIGTERM")
            if r["failed"]:
                problems.append(f"{name}: {r['failed']} of {r['created']} failed "
                                f"({r['timeouts']} timed out); sipp errors in "
                                f"{wd / name / 'sipp' / 'errors.log'}")
            results[kind].append(r)
            print(f"# {name}: {r['ok']}/{r['created']} ok, {r['wall']:.1f} s", flush=True)
    finally:
        if results["OPTIONS"]:
            table("OPTIONS (one non-INVITE server transaction each)", results["OPTIONS"], "tx")
        if results["INVITE"]:
            table("INVITE calls (sipp -sn uac -d 0: INVITE + ACK + BYE; 2 server transactions "
                  "and one call object each)", results["INVITE"], "call")
        print(f"\ntotal {time.monotonic() - t_start:.0f} s")
        for p in problems:
            print(f"# {p}")
        if args.keep or problems:
            print(f"# logs kept in {wd}")
        else:
            shutil.rmtree(wd, ignore_errors=True)
    # Figures only: a failed stop is a bug, slowness is not.
    return 1 if any("SIGTERM" in p or "died" in p for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
