"""Peak RSS of a command's whole process tree, and which process held what at that moment.

Issue 17's memory budget (<= 500 MB) is for what a step holds, so it is measured over the whole
tree: the crawl, its writer process, the short-lived children that parse large documents and
multiprocessing's helpers. A psutil sampler walks the tree every 50 ms (short-lived document
children live a few hundred ms) and keeps

- the peak of the tree's summed RSS, with the breakdown (pid, role, RSS) at that sample;
- each process's own peak RSS and what it is (its role, from its command line).

Summed RSS counts shared library pages once per process, so it is the pessimistic figure (what
`ps` and most monitors add up); the breakdown shows where it goes.

    python benchmarks/tree_rss.py [--every 0.05] -- statecare crawl --source openstates --replay
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import TextIO

import psutil

MB = 2**20


def role(cmdline: list[str]) -> str:
    """What a process of the tree is, from its command line (spawned children look alike otherwise)."""
    line = " ".join(cmdline)
    if "multiprocessing.resource_tracker" in line:
        return "resource tracker"
    if "multiprocessing.spawn" in line or "spawn_main" in line:
        return "spawned child (the writer, or a document parser if short-lived)"
    if "statecare" in line:
        return "statecare " + " ".join(a for a in cmdline if not a.startswith("-") and "python" not in a
                                        and a != "statecare" and "/" not in a)[:60]
    return line[:80]


@dataclass
class TreePeak:
    """What the sampler saw: tree peak (MB) and its breakdown, per-process peaks, sample count."""

    tree_mb: float = 0.0
    at_peak: list[tuple[int, str, float]] = field(default_factory=list)
    per_process: dict[int, tuple[str, float]] = field(default_factory=dict)
    lifetime: dict[int, list[float]] = field(default_factory=dict)  # pid -> [first seen, last seen] (s)
    samples: int = 0
    processes: int = 0

    def lines(self) -> list[str]:
        out = [f"tree peak {self.tree_mb:.0f} MB ({self.samples} samples, {self.processes} processes seen); at the peak:"]
        out += [f"    pid {pid:>7} {mb:6.0f} MB  {what}" for pid, what, mb in sorted(self.at_peak, key=lambda r: -r[2])]
        out.append("  per-process peaks (largest 8):")
        top = sorted(self.per_process.items(), key=lambda kv: -kv[1][1])[:8]
        out += [f"    pid {pid:>7} {mb:6.0f} MB  {what} (seen {self._lived(pid)})" for pid, (what, mb) in top]
        return out

    def _lived(self, pid: int) -> str:
        """'0.0-95.2 s': when the process was first and last seen (the writer lives as long as the crawl,
        a document child a second or so)."""
        first, last = self.lifetime.get(pid, [0.0, 0.0])
        return f"{first:.1f}-{last:.1f} s"


class TreeSampler:
    """Sample the RSS of `pid` and its descendants every `every` seconds in a thread until stopped."""

    def __init__(self, pid: int, every: float = 0.05, timeline: TextIO | None = None) -> None:
        self.root = psutil.Process(pid)
        self.timeline = timeline  # one line a second: elapsed seconds, then pid:RSS MB per process
        self._started = self._last_line = time.monotonic()
        self.every = every
        self.peak = TreePeak()
        self._roles: dict[int, str] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="tree-rss")

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def _role(self, p: psutil.Process) -> str:
        if p.pid not in self._roles:
            try:
                self._roles[p.pid] = role(p.cmdline())
            except psutil.Error:
                return "?"
        return self._roles[p.pid]

    def sample(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        rows: list[tuple[int, str, float]] = []
        for p in procs:
            try:
                rss = p.memory_info().rss / MB
            except psutil.Error:
                continue
            what = self._role(p)
            rows.append((p.pid, what, rss))
            seen = self.peak.lifetime.setdefault(p.pid, [time.monotonic() - self._started] * 2)
            seen[1] = time.monotonic() - self._started
            if rss > self.peak.per_process.get(p.pid, ("", 0.0))[1]:
                self.peak.per_process[p.pid] = (what, rss)
        total = sum(r[2] for r in rows)
        now = time.monotonic()
        if self.timeline is not None and now - self._last_line >= 1.0:
            self._last_line = now
            procs_mb = " ".join(f"{pid}:{mb:.0f}" for pid, _, mb in rows)
            self.timeline.write(f"{now - self._started:7.1f} {total:6.0f} {procs_mb}\n")
        self.peak.samples += 1
        self.peak.processes = len(self.peak.per_process)
        if total > self.peak.tree_mb:
            self.peak.tree_mb, self.peak.at_peak = total, rows

    def _run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.every)


def run_sampled(cmd: list[str], env: dict[str, str] | None = None, every: float = 0.05,
                timeline: TextIO | None = None) -> tuple[subprocess.CompletedProcess[bytes], TreePeak, float, float]:
    """Run `cmd` under the sampler: (completed process, tree peak, wall seconds, CPU seconds of its tree)."""
    t = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        with TreeSampler(proc.pid, every, timeline) as sampler:
            _, status, usage = os.wait4(proc.pid, 0)  # CPU of the command and every child it waited for
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read())
    return done, sampler.peak, time.monotonic() - t, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=float, default=0.05)
    ap.add_argument("--timeline", type=argparse.FileType("w"), help="write the RSS of each process every second here")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    opts = ap.parse_args()
    cmd = opts.cmd[1:] if opts.cmd[:1] == ["--"] else opts.cmd
    if not cmd:
        raise SystemExit("give a command after --")
    res, peak, wall, cpu = run_sampled(cmd, every=opts.every, timeline=opts.timeline)
    sys.stdout.write(res.stdout.decode(errors="replace")[-2000:])
    sys.stderr.write(res.stderr.decode(errors="replace")[-3000:])
    print(f"exit {res.returncode}; {wall:.1f} s wall, {cpu:.1f} s CPU (the command and its children); "
          f"load {os.getloadavg()[0]:.1f}")
    print("\n".join(peak.lines()))


if __name__ == "__main__":
    main()
