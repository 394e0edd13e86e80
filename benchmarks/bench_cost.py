"""Cost model timings and headline figures (prints; not a pass/fail test).

    .venv/bin/python benchmarks/bench_cost.py
"""

from __future__ import annotations

import time

from statecare.costmodel import api, baseline


def timed(fn, repeat: int) -> float:
    fn()
    t = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t) / repeat


def main() -> None:
    print(f"estimate NY 2022:            {timed(lambda: api.estimate('NY', 2022), 500) * 1e3:.3f} ms")
    print(f"compare_routes CA 2024:      {timed(lambda: api.compare_routes('CA', 2024), 500) * 1e3:.3f} ms")
    print(f"monte_carlo n=2000:          {timed(lambda: api.monte_carlo('NY', 2022, n=2000), 10) * 1e3:.1f} ms")
    print(f"sensitivity (tornado):       {timed(lambda: api.sensitivity('NY', 2022), 50) * 1e3:.2f} ms")
    states = baseline.available_states()
    t = time.perf_counter()
    for st in states:
        for y in range(2017, 2027):
            api.estimate(st, y)
    print(f"{len(states)} geographies x 2017-2026: {time.perf_counter() - t:.2f} s")
    for sc in api.scenario_names():
        r = api.estimate(None, None, scenario=sc)
        exp = r["study"]["expected"]["single_payer_total"]
        print(f"{sc}: model ${r['single_payer_total'] / 1e9:,.1f}B vs published ${exp / 1e9:,.1f}B "
              f"({(r['single_payer_total'] / exp - 1) * 100:+.2f}%)")


if __name__ == "__main__":
    main()
