"""Benchmark: network maps of 1,000, 5,000, 20,000 and 50,000 nodes, drawn by vis-network
(canvas) and by sigma.js (WebGL).

For each size: generate a synthetic ecosystem in the real ontology, time the map's
generation (load + build_map + render), report the file size; then, for each drawing engine,
open the page in headless Chromium (offline, software rendering) and time the first drawing
(until the layout has settled and the map is drawn, after the page has loaded, and from the
start of navigation: parsing a big page counts), and one interaction (zooming in 1.5x: the
time to draw the map again). clusterkg itself draws past ``map_page.WEBGL`` nodes with WebGL;
here each size is drawn both ways to compare them.

Run: .venv/bin/python bench/map_scale.py [--sizes 1000,5000] [--engines vis,webgl] [--runs 3]
Writes map-scale.md and map-scale.json. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))
sys.path.insert(0, str(ROOT / "tests"))

HEAD = """@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kpl: <https://w3id.org/clusterkg/id/place/> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kprj: <https://w3id.org/clusterkg/id/project/> .
@prefix kevt: <https://w3id.org/clusterkg/id/event/> .
@prefix kper: <https://w3id.org/clusterkg/id/person/> .
"""


def synthetic(nodes: int, seed: int = 1) -> str:
    """A Turtle ecosystem of about ``nodes`` entities with power-law-ish membership."""
    rnd = random.Random(seed)
    regions = max(2, nodes // 50)
    projects = max(1, nodes // 25)
    events = max(1, nodes // 20)
    people = nodes // 4
    orgs = nodes - regions - projects - events - people
    out = [HEAD]
    for r in range(regions):
        out.append(f'kpl:r{r} a ckg:Region ; skos:prefLabel "Region {r}"@en .')
    for o in range(orgs):
        out.append(
            f'korg:o{o} a ckg:Enterprise ; skos:prefLabel "Organisation {o}"@en ; '
            f"ckg:region kpl:r{rnd.randrange(regions)} ."
        )
    weights = [1 / (i + 1) for i in range(orgs)]
    for p in range(projects):
        partners = set(rnd.choices(range(orgs), weights=weights, k=4))
        out.append(
            f'kprj:p{p} a ckg:Project ; skos:prefLabel "Project {p}"@en ; '
            + " ; ".join(f"ckg:partner korg:o{o}" for o in sorted(partners))
            + " ."
        )
    for e in range(events):
        day = 1 + e % 28
        attendees = set(rnd.choices(range(orgs), weights=weights, k=3))
        out.append(
            f'kevt:e{e} a ckg:Conference ; skos:prefLabel "Event {e}"@en ; '
            f'schema:startDate "2014-01-{day:02d}"^^xsd:date ; '
            f"ckg:region kpl:r{rnd.randrange(regions)} ; "
            + " ; ".join(f"schema:attendee korg:o{o}" for o in sorted(attendees))
            + " ."
        )
    for p in range(people):
        out.append(
            f'kper:h{p} a ckg:Person ; skos:prefLabel "Person {p}" ; '
            f"ckg:affiliation korg:o{rnd.choices(range(orgs), weights=weights)[0]} ."
        )
    return "\n".join(out) + "\n"


ZOOM = {  # one interaction: zoom in 1.5x, the milliseconds until the map is drawn again
    "vis": """new Promise(done => {
  const n = clusterkgMap.network, t0 = performance.now();
  n.once("afterDrawing", () => done(performance.now() - t0));
  n.moveTo({scale: n.getScale() * 1.5, animation: false});
})""",
    "webgl": """(() => {
  const r = clusterkgMap.renderer, c = r.getCamera(), t0 = performance.now();
  c.setState({ratio: c.ratio / 1.5});
  r.refresh();
  return performance.now() - t0;
})()""",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000,50000")
    parser.add_argument("--engines", default="vis,webgl")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()

    from browser import open_offline, wait_until

    from clusterkg import store
    from clusterkg.engines import Embedded
    from clusterkg.explore import map_page, maps

    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for name in ("ontology", "shapes", "queries"):
                shutil.copytree(ROOT / name, root / name)
            (root / "graph").mkdir()
            (root / "graph" / "synthetic.ttl").write_text(synthetic(size), encoding="utf-8")
            engine = Embedded(store.load(data_dir=root))
            for drawing in args.engines.split(","):
                gen_times, stable_times, ready_times, zoom_times = [], [], [], []
                map_page.WEBGL = 0 if drawing == "webgl" else 10**9
                for _ in range(args.runs):
                    started = time.perf_counter()
                    net = maps.build_map(engine)
                    map_page.write_html(net, root / "map.html", title=f"{size} nodes")
                    gen_times.append(time.perf_counter() - started)
                    with open_offline(root / "map.html") as visit:
                        stable_times.append(
                            wait_until(
                                visit.page,
                                "window.clusterkgMap && window.clusterkgMap.stabilized",
                                timeout=900,
                            )
                        )
                        # from the start of navigation: parsing the page counts too
                        ready_times.append(visit.page.evaluate("performance.now()") / 1000)
                        zoom_times.append(visit.page.evaluate(ZOOM[drawing]) / 1000)
                        assert not visit.errors, visit.errors
                results.append(
                    {
                        "drawing": drawing,
                        "nodes": len(net.nodes),
                        "edges": len(net.edges),
                        "file_bytes": (root / "map.html").stat().st_size,
                        "generation_s": round(statistics.median(gen_times), 3),
                        "stabilised_s": round(statistics.median(stable_times), 3),
                        "ready_s": round(statistics.median(ready_times), 3),
                        "zoom_s": round(statistics.median(zoom_times), 3),
                    }
                )
                print(results[-1], flush=True)
                save(results, Path(args.out))


def save(results: list[dict], out: Path) -> None:
    """map-scale.json and map-scale.md, written after each measurement."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "map-scale.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "| nodes | edges | drawn by | file size | generation | drawn after load "
        "| usable from opening | zoom redrawn |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['nodes']} | {r['edges']} | {NAMES[r['drawing']]} | "
        f"{r['file_bytes'] / 1e6:.2f} MB | {r['generation_s']:.2f} s | "
        f"{r['stabilised_s']:.2f} s | {r['ready_s']:.2f} s | {r['zoom_s'] * 1000:.0f} ms |"
        for r in results
    ]
    lines.append("")
    lines.append(
        "Medians. vis-network settles a simulation first up to 5,000 nodes (from places "
        "computed beforehand past 300) and draws bigger maps where they were placed; sigma.js "
        "draws the places computed beforehand. clusterkg uses sigma.js past 1,000 nodes."
    )
    (out / "map-scale.md").write_text("\n".join(lines) + "\n")


NAMES = {"vis": "vis-network (canvas)", "webgl": "sigma.js (WebGL)"}


if __name__ == "__main__":
    main()
