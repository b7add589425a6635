#!/usr/bin/env python3
"""Fails when the gateway's top-level modules import each other in a cycle.

Each file under gateway/src belongs to its top-level module (`routes/graphql.rs` to `routes`);
a module depends on every other one its files name as `crate::NAME`. The HTTP layer used to
have `http` -> `reports` -> `http`; a cycle makes a layer impossible to read or replace alone.
"""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent / "gateway" / "src"
deps: dict[str, set[str]] = {}
for path in root.rglob("*.rs"):
    top = path.relative_to(root).parts[0].removesuffix(".rs")
    if top in ("lib", "main"):
        continue
    named = set(re.findall(r"\bcrate::(\w+)", path.read_text()))
    deps.setdefault(top, set()).update(named - {top})

cycles: set[tuple[str, ...]] = set()


def visit(node: str, path: list[str]) -> None:
    for dep in sorted(deps.get(node, ())):
        if dep in path:
            cycle = path[path.index(dep):]
            start = cycle.index(min(cycle))
            cycles.add(tuple(cycle[start:] + cycle[:start]))
        elif dep in deps:
            visit(dep, path + [dep])


for module in sorted(deps):
    visit(module, [module])
for cycle in sorted(cycles):
    print("gateway import cycle: " + " -> ".join(cycle + (cycle[0],)), file=sys.stderr)
sys.exit(1 if cycles else 0)
