"""Each thread group's CPU between two dumps of a server's threads, each the lines of /proc/<pid>/task/*/stat as
bench/ws-runs.sh and bench/store-pairs.sh take them with one `cat` (a shell loop forking per thread took about 3 s
on a busy machine, so a dump meant to mark a run's start spread over much of the run). Digits in names are folded,
so ws-send-3 and ws-send-7 are one group.
  thread-groups.py BEFORE AFTER            the 12 largest groups, each as a share of the process's CPU
  thread-groups.py BEFORE AFTER --per N    the 6 largest on one line, in ms of CPU per N marks"""
import collections
import re
import sys


def read(path):
    ticks = collections.Counter()
    for stat in open(path):
        # the name is in parentheses and may hold spaces ("C2 CompilerThre"); utime and stime are the 14th and
        # 15th fields, the 12th and 13th after the name
        name, rest = stat[stat.index('(') + 1:stat.rindex(')')], stat[stat.rindex(')') + 2:].split()
        ticks[re.sub(r'\d+', 'N', name.replace(' ', '_'))] += int(rest[11]) + int(rest[12])
    return ticks


before, after = read(sys.argv[1]), read(sys.argv[2])
used = sorted(((after[k] - before.get(k, 0), k) for k in after), reverse=True)
if len(sys.argv) > 4 and sys.argv[3] == '--per':
    marks = int(sys.argv[4])  # a tick is 10 ms
    print(', '.join(f"{name} {ticks * 10 / marks:.2f}" for ticks, name in used[:6] if ticks > 0))
else:
    total = sum(ticks for ticks, _ in used if ticks > 0)
    for ticks, name in used[:12]:
        if ticks > 0:
            print(f"  {100 * ticks / total:5.1f} %  {name}")
