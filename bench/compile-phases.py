"""Compilations per phase, from `jfr print --json --events jdk.Compilation` and the phase times of
compile-phases.sh (lines "name epoch-millis": ready, startN, marksN, endN). Compile time is each compilation's
elapsed time, waits for a core included."""
import collections
import datetime
import json
import sys

recording, phase_file = sys.argv[1], sys.argv[2]
at = dict((name, int(ms)) for name, ms in (line.split() for line in open(phase_file)))
runs = sum(1 for name in at if name.startswith('start'))


def phase(ms):
    if ms < at['ready']:
        return 'start until ready'
    for n in range(1, runs + 1):
        if ms < at[f'marks{n}']:
            return f'run {n}: set-up'
        if ms < at[f'end{n}']:
            return f'run {n}: marks'
    return 'after'


# a deoptimization names the compilation it threw away by its id: the compiled method, not the inlined one that trapped
compilations, seen, deoptimizations, compiled = [], set(), [], {}
for event in json.load(open(recording))['recording']['events']:
    v = event['values']
    if event['type'] == 'jdk.Deoptimization':
        ms = int(datetime.datetime.fromisoformat(v['startTime'].replace('Z', '+00:00')).timestamp() * 1000)
        trap = v.get('method') or {}
        where = f"{(trap.get('type') or {}).get('name', '?').split('/')[-1]}.{trap.get('name', '?')}:{v.get('lineNumber')}"
        deoptimizations.append((ms, v['compileId'], v['reason'], v['action'], where))
        continue
    if v['compileId'] in seen:  # a dump may repeat a chunk
        continue
    seen.add(v['compileId'])
    compiled[v['compileId']] = (f"{v['method']['type']['name']}.{v['method']['name']}", v['compileLevel'])
    ms = int(datetime.datetime.fromisoformat(v['startTime'].replace('Z', '+00:00')).timestamp() * 1000)
    method = v['method']
    compilations.append((ms, f"{method['type']['name']}.{method['name']}{method['descriptor']}",
                         v['compileLevel'], bool(v.get('isOsr')), float(v['duration'][2:-1])))
compilations.sort()

totals = collections.defaultdict(lambda: [0, 0.0])
first_c2 = {}
recompiled = collections.defaultdict(list)  # per marks phase: (ms, method, seconds)
kinds = collections.defaultdict(lambda: [0, 0.0])
top = collections.defaultdict(collections.Counter)
for ms, method, level, osr, seconds in compilations:
    p = phase(ms)
    totals[p][0] += 1
    totals[p][1] += seconds
    if level != 4 or osr:
        continue
    kind = 'first C2 compilation' if method not in first_c2 else f'recompiled (first in {first_c2[method]})'
    if p.endswith('marks') and method in first_c2:
        recompiled[p].append((ms, method, seconds))
    first_c2.setdefault(method, p)
    if p.endswith('marks'):
        kinds[(p, kind)][0] += 1
        kinds[(p, kind)][1] += seconds
        top[p][method] += seconds

for p, (count, seconds) in totals.items():
    print(f"{p}: {count} compilations, {seconds:.1f} s")
for (p, kind), (count, seconds) in sorted(kinds.items()):
    print(f"  {p}, {kind}: {count}, {seconds:.1f} s")
for p, methods in top.items():
    print(f"{p}, the longest C2 compilations:")
    for method, seconds in methods.most_common(12):
        print(f"  {seconds:6.2f} s  {method.split('(')[0]}")

by_phase = collections.Counter(phase(ms) for ms, *_ in deoptimizations)
for p, count in by_phase.items():
    print(f"{p}: {count} deoptimizations")
around = collections.Counter()
for ms, compile_id, reason, action, _ in deoptimizations:
    if at['ready'] - 5000 <= ms <= at['ready'] and action != 'none':
        name, level = compiled.get(compile_id, ('?', 0))
        around[(name, level)] += 1
print(f"the 5 s before ready (the rehearsal's copy stops, the service starts): {len(around)} compiled methods"
      " deoptimized, the most often:")
for (name, level), count in around.most_common(15):
    print(f"  {count:3d}  tier {level}  {name}")

# a recompilation in a marks phase: which deoptimization threw the method's earlier C2 code away, when (seconds
# from ready), why, and in which inlined method; the earliest ones are what the service's start or the first
# real marks did that the rehearsal never did
thrown = collections.defaultdict(list)
for ms, compile_id, reason, action, where in deoptimizations:
    if action != 'none' and compile_id in compiled:
        thrown[compiled[compile_id][0]].append((ms, reason, where))
for n in range(1, runs + 1):
    p = f'run {n}: marks'
    rows = []
    for ms, method, seconds in recompiled[p]:
        before = [d for d in thrown[method.split('(')[0]] if d[0] < ms]
        cause = (f"deoptimized at {(before[-1][0] - at['ready']) / 1000:+.1f} s: {before[-1][1]} in {before[-1][2]}"
                 if before else 'no deoptimization recorded')
        rows.append((seconds, method.split('(')[0], cause))
    if rows:
        print(f"{p}, the longest recompilations and what threw the earlier code away:")
        for seconds, method, cause in sorted(rows, reverse=True)[:12]:
            print(f"  {seconds:6.2f} s  {method}  ({cause})")
