"""What the fidelity scripts share: comparing what a cloud's official SDK lists with what a
test expects to be there (`present`) or gone (`absent`), and their command line

    <script> present|absent EXPECTED_JSON
"""

import json
import sys


def check(mode, expected, seen, counted):
    """The problems found. Kinds in `counted` are compared by count (the expected count when
    present, none when absent); `attached` maps servers to the volume names they must have;
    `public` lists servers that must hold a public address; any other kind lists names, each
    expected exactly once (present) or not at all (absent)."""
    problems = []
    for kind, want in expected.items():
        if kind in counted:
            count = want if mode == "present" else 0
            if len(seen[kind]) != count:
                problems.append(f"expected {count} {kind}, found {seen[kind]}")
        elif kind == "attached":
            for server, volumes in want.items():
                have = seen["attached"].get(server, [])
                for volume in volumes:
                    if mode == "present" and volume not in have:
                        problems.append(f"{volume!r} is not attached to {server!r}: {have}")
        elif kind == "public":
            for server in want:
                if mode == "present" and server not in seen["public"]:
                    problems.append(f"{server!r} has no public address: {seen['public']}")
        else:
            for name in want:
                found = seen[kind].count(name)
                if mode == "present" and found != 1:
                    problems.append(f"expected one {kind[:-1]} {name!r}, found {found} in {seen[kind]}")
                if mode == "absent" and found:
                    problems.append(f"{kind[:-1]} {name!r} is still there")
    return problems


def main(doc, argv, listing, counted=()):
    """Runs a script: `listing()` gives what the SDK sees; the exit code says whether it
    matches."""
    if len(argv) != 3 or argv[1] not in ("present", "absent"):
        print(doc, file=sys.stderr)
        return 2
    mode, expected = argv[1], json.loads(argv[2])
    seen = listing()
    problems = check(mode, expected, seen, counted)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"{mode}: {json.dumps(seen, sort_keys=True)}")
    return 0
