"""Load generator, run as its own process: a closed loop for throughput, an open loop on a fixed clock for latency.

    python -m bench.last gesloten SPEC.json   # N processes x M threads, each sending when its last reply came
    python -m bench.last open SPEC.json       # one asyncio loop sends at a fixed rate; latency from the scheduled time

SPEC is JSON: {"host", "port", "method", "path", "headers": {..}, "bodies": [str or {"body", "headers"}, ...] or null,
"ok": [status codes], "duur": seconds, "processen", "threads", "rate"}. With bodies, every
request takes a different body (a POST of a new melding needs a new pupil); the run stops early
when they run out. Prints one JSON line with the figures. Standard library only: it must not
share the server's CPU budget for more than it needs.
"""

import asyncio
import http.client
import json
import multiprocessing
import sys
import threading
import time


def _percentiel(waarden, p):
    if not waarden:
        return None
    waarden = sorted(waarden)
    k = min(len(waarden) - 1, max(0, round(p / 100 * (len(waarden) - 1))))
    return waarden[k]


def _status(spec, status, location):
    """The status code, or e.g. "302-inloggen" for a redirect to the login page (a lost session, not a success)."""
    niet_naar = spec.get("niet_naar")
    if niet_naar and location and niet_naar in location:
        return f"{status}-{niet_naar.strip('/')}"
    return status


def _samenvatting(latenties, statussen, fouten, seconden, ok):
    ok = {str(o) for o in ok}
    goed = sum(n for s, n in statussen.items() if str(s) in ok)
    return {
        "verzoeken": sum(statussen.values()) + fouten,
        "goed": goed,
        "fout": sum(statussen.values()) + fouten - goed,
        "statussen": {str(k): v for k, v in sorted(statussen.items(), key=lambda kv: str(kv[0]))},
        "verbindingsfouten": fouten,
        "seconden": round(seconden, 2),
        "per_seconde": round(goed / seconden, 1) if seconden else 0.0,
        "p50_ms": _ms(_percentiel(latenties, 50)),
        "p95_ms": _ms(_percentiel(latenties, 95)),
        "p99_ms": _ms(_percentiel(latenties, 99)),
        "max_ms": _ms(max(latenties) if latenties else None),
    }


def _ms(s):
    return None if s is None else round(s * 1000, 1)


def _body(spec, item):
    """(body, headers) of one request: a bare string body, or a dict with its own extra headers."""
    koppen = dict(spec.get("headers") or {})
    if isinstance(item, dict):
        koppen.update(item.get("headers") or {})
        return item.get("body"), koppen
    return item, koppen


# --- closed loop ---------------------------------------------------------------------------


def _draad(spec, bodies, einde, resultaat, slot):
    latenties, statussen, fouten = [], {}, 0
    for i in range(10**9):
        if time.perf_counter() >= einde:
            break
        body, koppen = None, spec.get("headers") or {}
        if bodies is not None:
            if i >= len(bodies):
                break
            body, koppen = _body(spec, bodies[i])
            body = body.encode() if body is not None else None
        begin = time.perf_counter()
        try:
            # Sync gunicorn workers close every connection, so each request opens its own.
            verbinding = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
            verbinding.request(spec["method"], spec["path"], body=body, headers=koppen)
            antwoord = verbinding.getresponse()
            antwoord.read()
            verbinding.close()
            status = _status(spec, antwoord.status, antwoord.getheader("Location"))
            statussen[status] = statussen.get(status, 0) + 1
            latenties.append(time.perf_counter() - begin)
        except (OSError, http.client.HTTPException):
            fouten += 1
    with slot:
        resultaat["latenties"].extend(latenties)
        resultaat["fouten"] += fouten
        for status, n in statussen.items():
            resultaat["statussen"][status] = resultaat["statussen"].get(status, 0) + n


def _proces(spec, bodies_per_draad, start, wachtrij):
    resultaat = {"latenties": [], "statussen": {}, "fouten": 0}
    slot = threading.Lock()
    while time.time() < start:  # all processes begin together
        time.sleep(0.005)
    einde = time.perf_counter() + spec["duur"]
    draden = [
        threading.Thread(target=_draad, args=(spec, bodies, einde, resultaat, slot)) for bodies in bodies_per_draad
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    wachtrij.put(resultaat)


def gesloten(spec):
    processen, threads = spec.get("processen", 2), spec.get("threads", 4)
    n = processen * threads
    bodies = spec.get("bodies")
    delen = [bodies[i::n] if bodies is not None else None for i in range(n)]
    wachtrij = multiprocessing.Queue()
    start = time.time() + 0.5
    procs = [
        multiprocessing.Process(target=_proces, args=(spec, delen[p * threads : (p + 1) * threads], start, wachtrij))
        for p in range(processen)
    ]
    for proc in procs:
        proc.start()
    delen_klaar = [wachtrij.get() for _ in procs]
    for proc in procs:
        proc.join()
    seconden = time.time() - start
    latenties = [x for d in delen_klaar for x in d["latenties"]]
    statussen = {}
    for d in delen_klaar:
        for s, k in d["statussen"].items():
            statussen[s] = statussen.get(s, 0) + k
    return _samenvatting(latenties, statussen, sum(d["fouten"] for d in delen_klaar), seconden, spec["ok"])


# --- open loop ------------------------------------------------------------------------------


async def _verzoek(spec, item, gepland, latenties, statussen, fouten):
    body, koppen = _body(spec, item)
    kop = [f"{spec['method']} {spec['path']} HTTP/1.1", f"Host: {spec['host']}:{spec['port']}", "Connection: close"]
    kop += [f"{k}: {v}" for k, v in koppen.items()]
    data = body.encode() if body is not None else b""
    if body is not None:
        kop.append(f"Content-Length: {len(data)}")
    try:
        lezer, schrijver = await asyncio.wait_for(asyncio.open_connection(spec["host"], spec["port"]), 30)
        schrijver.write(("\r\n".join(kop) + "\r\n\r\n").encode() + data)
        await schrijver.drain()
        antwoord = await asyncio.wait_for(lezer.read(), 30)  # Connection: close, so read to EOF
        schrijver.close()
        kop = antwoord.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        location = next(
            (r.split(":", 1)[1].strip() for r in kop.split("\r\n") if r.lower().startswith("location:")), None
        )
        status = _status(spec, int(kop.split(" ", 2)[1]), location)
        statussen[status] = statussen.get(status, 0) + 1
        # Measured from when the request was due, not when it left: a stalled server shows in p99.
        latenties.append(time.perf_counter() - gepland)
    except (TimeoutError, OSError, IndexError, ValueError):
        fouten.append(1)


async def _open(spec):
    rate, duur = spec["rate"], spec["duur"]
    bodies = spec.get("bodies")
    aantal = int(rate * duur)
    if bodies is not None:
        aantal = min(aantal, len(bodies))
    latenties, statussen, fouten, taken = [], {}, [], []
    t0 = time.perf_counter() + 0.2
    for i in range(aantal):
        gepland = t0 + i / rate
        wacht = gepland - time.perf_counter()
        if wacht > 0:
            await asyncio.sleep(wacht)
        body = bodies[i] if bodies is not None else None
        taken.append(asyncio.create_task(_verzoek(spec, body, gepland, latenties, statussen, fouten)))
    await asyncio.gather(*taken)
    return _samenvatting(latenties, statussen, len(fouten), time.perf_counter() - t0, spec["ok"])


def open_lus(spec):
    return asyncio.run(_open(spec))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] not in ("gesloten", "open"):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    resultaat = gesloten(spec) if argv[0] == "gesloten" else open_lus(spec)
    print(json.dumps(resultaat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
