"""Why the waiting target cannot be met by a client that does not know the delay.

Simulates polling schedules against delays drawn around each nominal delay (uniform within
+-20 %, so that fixed pollers get no luck from delays that are multiples of their interval) and
prints a markdown table: polls per wait, mean and worst lateness (time from ready to the poll
that sees it), and the share of waits that meet both halves of issue 9's target (lateness
within 10 % of the delay, at least 1 s; no more polls than the 5 s poller on the same delay).

Schedules: the SDK's waiter (sdk/src/wait/mod.rs: first poll at once, then 250 ms growing by
1.6 to a 10 s cap, each pause jittered to 75-100 %), the fastest schedule that always meets the
lateness half (a pause of the larger of 1 s and 10 % of the time waited), and fixed 5 s and 1 s
pollers (first poll after one interval, as the official providers do).

Usage: python3 bench/poll_schedules.py
"""

import random

SAMPLES = 2000
DELAYS = [3, 10, 30, 60, 120, 300]


def sdk(delay, rng):
    t, pause, polls = 0.0, 0.25, 0
    while True:
        polls += 1
        if t >= delay:
            return polls, t - delay
        t += rng.uniform(0.75, 1.0) * pause
        pause = min(pause * 1.6, 10.0)


def ten_percent(delay, _rng):
    t, polls = 0.0, 0
    while True:
        polls += 1
        if t >= delay:
            return polls, t - delay
        t += max(1.0, 0.1 * t)


def fixed(interval):
    def schedule(delay, _rng):
        t, polls = float(interval), 0
        while True:
            polls += 1
            if t >= delay:
                return polls, t - delay
            t += interval

    return schedule


SCHEDULES = [
    ("SDK waiter", sdk),
    ("1 s or 10 %", ten_percent),
    ("5 s fixed", fixed(5)),
    ("1 s fixed", fixed(1)),
]


def main():
    rng = random.Random(9)
    names = " | ".join(name for name, _ in SCHEDULES)
    print(f"| delay | {names} |")
    print("|---|" + "---|" * len(SCHEDULES))
    for nominal in DELAYS:
        delays = [rng.uniform(0.8 * nominal, 1.2 * nominal) for _ in range(SAMPLES)]
        cells = []
        for _, schedule in SCHEDULES:
            polls, late, met = [], [], 0
            for delay in delays:
                p, l = schedule(delay, rng)
                polls.append(p)
                late.append(l)
                five, _ = fixed(5)(delay, rng)
                met += l <= max(1.0, 0.1 * delay) and p <= five
            cells.append(
                f"{sum(polls) / SAMPLES:.1f} polls, +{sum(late) / SAMPLES:.1f} s "
                f"(worst +{max(late):.1f}), both met {100 * met / SAMPLES:.0f} %"
            )
        print(f"| {nominal} s | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
