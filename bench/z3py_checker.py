#!/usr/bin/python3
"""The baseline claimcheck is measured against: a plain z3py checker of a synthetic corpus
(bench/claimcheck_corpus), written the way a user would write one. It reads the JSON Lines,
turns each fact form the generator writes into Z3 constraints, applies the corpus's rules, splits
the keys into components, and gives each component its own solver: one assumption literal per
claim, one check, one unsat core for an inconsistent component. No minimization, no tolerance
analysis, no report. Prints one line: seconds, components, inconsistent components, claims.

    /usr/bin/python3 bench/z3py_checker.py DIR    (DIR holds corpus.jsonl and rules/synthetic.yaml)
"""
import datetime
import json
import re
import sys
import time

import z3

CALL = re.compile(r"^(not )?(\w+)\(([^)]*)\)(.*)$")
SPAN = re.compile(r"^(\d+)\.\.(\d+)$")


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def main(directory):
    start = time.perf_counter()
    aggravates = {}
    for line in open(f"{directory}/rules/synthetic.yaml"):
        m = re.match(r"\s+(\w+): \{.*aggravates: (\w+)\}", line)
        if m:
            aggravates[m.group(1)] = m.group(2)

    published = {}
    claims = []  # (claim id, [(key, kind, payload)])
    for line in open(f"{directory}/corpus.jsonl"):
        record = json.loads(line)
        if "document" in record:
            published[record["document"]["id"]] = day(record["document"]["published"])
            continue
        c = record["claim"]
        claims.append((c["document"] + "/" + c["id"], c["document"], c["fact"], c.get("value")))

    # Each key is one Z3 variable; a claim is a constraint over its keys.
    keys = {}

    def var(key, kind):
        if key not in keys:
            keys[key] = z3.Bool(key) if kind == "bool" else z3.Int(key) if kind == "int" else z3.Real(key)
        return keys[key]

    def bounds(x, text):
        words, _, number = text.rpartition(" ")
        n = int(number.replace(",", ""))
        if words == "more than":
            return x > n
        if words == "at least":
            return x >= n
        if words == "about":
            return z3.And(x >= z3.Q(9 * n, 10), x <= z3.Q(11 * n, 10))
        raise ValueError(text)

    parsed = []  # (claim id, constraint, [keys], document)
    for cid, doc, fact, value in claims:
        m = CALL.match(fact)
        negated, name, args, rest = m.group(1), m.group(2), [a.strip() for a in m.group(3).split(",")], m.group(4).strip()
        key = f"{name}({', '.join(args)})"
        used = [key]
        if name in ("operates", "leads", "active"):
            constraint = z3.Not(var(key, "bool")) if negated else var(key, "bool")
        elif name in ("opened", "closed"):
            x = var(key, "int")
            constraint = z3.And(x == day(rest.split()[1]), x <= published[doc])  # past tense
        elif name in ("fine_min", "fine_max"):
            amounts = re.findall(r"= ([\d,]+) (MAD|USD)", rest)
            mad, usd = var(key + "[MAD]", "real"), var(key + "[USD]", "real")
            rate = var(f"rate({doc})", "real")
            a, b = int(amounts[0][0]), int(amounts[1][0])
            constraint = z3.And(mad == a, usd >= z3.Q(2 * b - 1, 2), usd < z3.Q(2 * b + 1, 2), mad == rate * usd)
            used = [key + "[MAD]", key + "[USD]", f"rate({doc})"]
        elif name in ("term_min", "term_max"):
            constraint = var(key, "int") == 12 * int(rest.split()[1])
        else:
            x = var(key, "int")
            constraint = z3.And(x >= 0, x == int(rest.split()[1]) if rest else bounds(x, value))
        parsed.append((cid, constraint, used, doc))

    # Rules, grounded over the keys the claims state.
    rules = []  # (constraint, [keys])
    by_name = {}
    for key in keys:
        name, _, args = key.partition("(")
        by_name.setdefault(name, []).append(key)

    def args_of(key):
        return key[key.index("(") + 1:key.index(")")].split(", ")

    for key in by_name.get("count_c", []):
        entity, period = args_of(key)
        span = SPAN.match(period)
        if span:
            years = [f"count_c({entity}, {y})" for y in range(int(span.group(1)), int(span.group(2)) + 1)]
            years = [y for y in years if y in keys]
            if years:
                rules.append((z3.Sum([keys[y] for y in years]) <= keys[key], years + [key]))
    for key in by_name.get("total", []):
        entity, year = args_of(key)
        parts = [f"{p}({entity}, {year})" for p in ("part_one", "part_two", "part_three")]
        if all(p in keys for p in parts):
            rules.append((keys[key] == z3.Sum([keys[p] for p in parts]), parts + [key]))
    for key in by_name.get("leaders", []):
        other = key.replace("leaders", "members")
        if other in keys:
            rules.append((keys[key] <= keys[other], [key, other]))
    for key in by_name.get("staff", []):
        other = key.replace("staff", "teams")
        if other in keys:
            rules.append((keys[key] >= 2 * keys[other], [key, other]))
    for key in by_name.get("count_p_broad", []):
        other = key.replace("count_p_broad", "count_p")
        if other in keys:
            rules.append((keys[key] == keys[other], [key, other]))
    for key in by_name.get("opened", []):
        other = key.replace("opened", "closed")
        if other in keys:
            rules.append((keys[key] <= keys[other], [key, other]))
    for key in by_name.get("term_min", []):
        other = key.replace("term_min", "term_max")
        if other in keys:
            rules.append((keys[key] <= keys[other], [key, other]))
        entity = args_of(key)[0]
        if entity in aggravates and f"term_min({aggravates[entity]})" in keys:
            base = f"term_min({aggravates[entity]})"
            rules.append((keys[key] >= keys[base], [key, base]))
    for key in by_name.get("leads", []):
        other = key.replace("leads", "active")
        if other in keys:
            rules.append((z3.Implies(keys[key], keys[other]), [key, other]))

    # Components: keys joined by claims and rules (union-find).
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for _, _, used, _ in parsed:
        for k in used[1:]:
            parent[find(k)] = find(used[0])
    for _, used in rules:
        for k in used[1:]:
            parent[find(k)] = find(used[0])
    components = {}
    for cid, constraint, used, _ in parsed:
        components.setdefault(find(used[0]), ([], []))[0].append((cid, constraint))
    for constraint, used in rules:
        components.setdefault(find(used[0]), ([], []))[1].append(constraint)

    inconsistent = 0
    for members, component_rules in components.values():
        solver = z3.Solver()
        for rule in component_rules:
            solver.add(rule)
        literals = []
        for cid, constraint in members:
            p = z3.Bool("p:" + cid)
            solver.add(z3.Implies(p, constraint))
            literals.append(p)
        if solver.check(literals) == z3.unsat:
            inconsistent += 1
            solver.unsat_core()
    seconds = time.perf_counter() - start
    print(f"{seconds:.3f} s, {len(components)} components, {inconsistent} inconsistent, {len(claims)} claims")


if __name__ == "__main__":
    main(sys.argv[1])
