"""Entity resolution: nncc's engine beside a plain Splink baseline, on FEBRL 1–4 and the synthetic
Pakistani/Afghan benchmark.

For each data set both resolvers get the same CLI-contract rows in the same run; the table shows
pairwise precision, recall and F1 of each, the F1 difference, records per second and peak
memory. Each resolver runs in a forked child process so that one run's memory does not hide the
next one's: *peak MB* is the child's peak resident set size (``getrusage`` ``ru_maxrss``) minus
its resident size when it started resolving — native DuckDB memory included, which
``tracemalloc`` would miss. Times are wall-clock from rows to clusters, imports excluded.
On the synthetic set each resolver's errors are broken down: false pairs by whom they merged
(relatives, namesakes from one district's crowd, others), missed pairs by script.

    python -m bench.resolution [--synthetic-records N] [--resolution-datasets synthetic,febrl1]
                               [--cli-records 100000]

``--cli-records N`` also times the real ``nncc resolve`` command on a synthetic file of N records
(the contract: 100,000 records in under 2 minutes on 2 cores); its peak memory is the command's
own peak RSS, read from ``wait4``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from bench.resolution import febrl, synthetic
from bench.resolution.dataset import Dataset, person_records, read_mapping, write_rows
from nncc.resolution.synthetic.metrics import (
    PairwiseScores,
    false_pairs,
    missed_pairs,
    pairwise_scores,
)

Resolver = Callable[[list[dict[str, str]]], dict[str, str]]
DATASETS = ("synthetic", *febrl.NAMES)


def nncc_engine(rows: list[dict[str, str]]) -> dict[str, str]:
    from nncc.resolution.batch import resolve

    return resolve(person_records(rows))


def exact_cnic(rows: list[dict[str, str]]) -> dict[str, str]:
    """A floor: records with the same CNIC digits are one person, all others alone."""
    clusters = {}
    for row in rows:
        digits = "".join(ch for ch in row["cnic"] if ch.isdigit())
        clusters[row["record_id"]] = f"cnic:{digits}" if len(digits) == 13 else row["record_id"]
    return clusters


def splink_baseline(rows: list[dict[str, str]]) -> dict[str, str]:
    from bench.resolution import baseline

    return baseline.resolve(rows)


ENGINES: dict[str, Resolver] = {"nncc": nncc_engine, "exact-cnic": exact_cnic}


def _warm_up(resolver: Resolver) -> None:
    """Import what the resolver needs before the clock and the memory baseline start."""
    if resolver is nncc_engine:
        import nncc.resolution.batch  # noqa: F401
    elif resolver is splink_baseline:
        import splink  # noqa: F401

        import bench.resolution.baseline  # noqa: F401


@dataclass(frozen=True)
class Run:
    scores: PairwiseScores | None
    seconds: float
    peak_mb: float
    error: str = ""
    clusters: dict[str, str] | None = None


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: fall back to the peak so far, which makes the delta a floor
        return _peak_bytes()


def _peak_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB on Linux


def _silence() -> None:
    """Keep the resolvers' own logging out of the table; failures come back through the pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _child(
    connection: Connection, resolver: Resolver, rows: list[dict[str, str]], quiet: bool = False
) -> None:
    if quiet:
        _silence()
    try:
        _warm_up(resolver)
        start_bytes = _resident_bytes()
        started = time.perf_counter()
        clusters = resolver(rows)
        seconds = time.perf_counter() - started
        connection.send((clusters, seconds, (_peak_bytes() - start_bytes) / 2**20, ""))
    except BaseException as exc:  # report any failure to the parent instead of dying silently
        connection.send((None, 0.0, 0.0, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        connection.close()


def measure(resolver: Resolver, dataset: Dataset, *, isolate: bool = True) -> Run:
    """Run ``resolver`` on ``dataset`` (in a forked child when ``isolate``) and score it."""
    if isolate and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(sender, resolver, dataset.rows, True))
        process.start()
        sender.close()
        try:
            clusters, seconds, peak_mb, error = receiver.recv()
        except EOFError:
            clusters, seconds, peak_mb, error = None, 0.0, 0.0, "the resolver process died"
        process.join()
    else:
        receiver, sender = multiprocessing.Pipe(duplex=False)
        _child(sender, resolver, dataset.rows)
        clusters, seconds, peak_mb, error = receiver.recv()
    if error:
        return Run(None, seconds, peak_mb, error)
    return Run(pairwise_scores(clusters, dataset.truth), seconds, peak_mb, clusters=clusters)


def load(name: str, synthetic_records: int, seed: int) -> Dataset:
    if name == "synthetic":
        return synthetic.generate(synthetic_records, seed=seed)
    return febrl.load(name)


HEADER = (
    f"{'dataset':<18}{'records':>8}{'true pairs':>11}"
    f"{'P':>7}{'R':>7}{'F1':>7}{'P':>8}{'R':>7}{'F1':>7}{'ΔF1':>8}"
    f"{'rec/s':>10}{'rec/s':>10}{'MB':>7}{'MB':>7}"
)


def row_text(dataset: Dataset, engine: Run, baseline: Run) -> str:
    records = len(dataset.rows)
    true_pairs = (engine.scores or baseline.scores or _no_scores()).true_pairs

    def quality(run: Run) -> str:
        if run.scores is None:
            return f"{'failed':>21}"
        return f"{run.scores.precision:>7.3f}{run.scores.recall:>7.3f}{run.scores.f1:>7.3f}"

    def speed(run: Run) -> str:
        return f"{records / run.seconds:>10,.0f}" if run.seconds else f"{'-':>10}"

    delta = (
        f"{engine.scores.f1 - baseline.scores.f1:>+8.3f}"
        if engine.scores and baseline.scores
        else f"{'-':>8}"
    )
    return (
        f"{dataset.name:<18}{records:>8,}{true_pairs:>11,}{quality(engine)} {quality(baseline)}"
        f"{delta}{speed(engine)}{speed(baseline)}{engine.peak_mb:>7.0f}{baseline.peak_mb:>7.0f}"
    )


def _no_scores() -> PairwiseScores:
    return PairwiseScores(0, 0, 0)


_URDU = re.compile("[\u0600-\u06ff]")


def explain(dataset: Dataset, clusters: dict[str, str]) -> str:
    """Where the errors are: false pairs by who was merged, missed pairs by script."""
    entity, groups = dataset.truth, dataset.groups
    false = Counter()
    for left, right in false_pairs(clusters, entity):
        group = groups.get(entity[left], "")
        if group and group == groups.get(entity[right]):
            false["relatives" if group.startswith("family") else "namesakes"] += 1
        else:
            false["others"] += 1
    urdu = {row["record_id"] for row in dataset.rows if _URDU.search(row["full_name"])}
    missed = Counter()
    for left, right in missed_pairs(clusters, entity):
        missed[("Latin–Latin", "Latin–Urdu", "Urdu–Urdu")[(left in urdu) + (right in urdu)]] += 1

    def parts(counter: Counter, names: tuple[str, ...]) -> str:
        total = sum(counter.values())
        return f"{total:,} = " + " + ".join(f"{name} {counter[name]:,}" for name in names)

    return (
        f"false pairs {parts(false, ('relatives', 'namesakes', 'others'))}; "
        f"missed pairs {parts(missed, ('Latin–Latin', 'Latin–Urdu', 'Urdu–Urdu'))}"
    )


def run(
    *,
    datasets: tuple[str, ...] = DATASETS,
    synthetic_records: int = 20_000,
    seed: int = synthetic.DEFAULT_SEED,
    engine: str = "nncc",
    isolate: bool = True,
    out=sys.stdout,  # type: ignore[no-untyped-def]
) -> list[tuple[Dataset, Run, Run]]:
    """Print the table; return what was measured (for tests)."""
    resolver = ENGINES[engine]
    print(f"\nEntity resolution: {engine} vs plain Splink baseline (pairwise scores)", file=out)
    groups = f"{engine:-^21} {'baseline':-^21}{'':8} {'records/s':-^19} {'peak MB':-^13}"
    print(f"{'':<37}{groups}", file=out)
    print(HEADER, file=out)
    results = []
    for name in datasets:
        dataset = load(name, synthetic_records, seed)
        engine_run = measure(resolver, dataset, isolate=isolate)
        baseline_run = measure(splink_baseline, dataset, isolate=isolate)
        print(row_text(dataset, engine_run, baseline_run), file=out, flush=True)
        for label, measured in ((engine, engine_run), ("baseline", baseline_run)):
            if measured.error:
                print(f"  {label} failed on {name}: {measured.error}", file=out)
            elif dataset.groups and measured.clusters is not None:
                print(f"  {label}: {explain(dataset, measured.clusters)}", file=out)
        results.append((dataset, engine_run, baseline_run))
    print(
        "P/R/F1: pairwise precision, recall, F1. ΔF1: engine − baseline. "
        "MB: peak RSS growth of the resolving process.\n"
        "Error lines: relatives = a father, son or brother merged with another; namesakes = "
        "distinct men of one very common name in one district merged.",
        file=out,
    )
    return results


def _nncc_command() -> list[str]:
    beside = os.path.join(os.path.dirname(sys.executable), "nncc")
    found = beside if os.path.exists(beside) else shutil.which("nncc")
    return [found] if found else [sys.executable, "-m", "nncc.cli"]


def cli_check(records: int, *, seed: int = synthetic.DEFAULT_SEED, out=sys.stdout) -> Run:  # type: ignore[no-untyped-def]
    """Time ``nncc resolve`` on a synthetic file of ``records`` records and score its output."""
    dataset = synthetic.generate(records, seed=seed)
    with tempfile.TemporaryDirectory(prefix="nncc-bench-") as directory:
        source = os.path.join(directory, "input.csv")
        result = os.path.join(directory, "clusters.csv")
        log = os.path.join(directory, "stderr.txt")
        write_rows(source, dataset.rows)
        with open(log, "w", encoding="utf-8") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(
                [*_nncc_command(), "resolve", source, "--out", result],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak_mb = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        if process.returncode != 0:
            with open(log, encoding="utf-8", errors="replace") as handle:
                tail = handle.read()[-2000:]
            run = Run(None, seconds, peak_mb, f"exit code {process.returncode}: {tail}")
        else:
            run = Run(
                pairwise_scores(read_mapping(result, "cluster_id"), dataset.truth), seconds, peak_mb
            )
    if run.scores:
        scores = run.scores
        print(
            f"\nnncc resolve (the CLI): {records:,} synthetic records in {seconds:.1f} s "
            f"({records / seconds:,.0f} records/s), peak RSS {peak_mb:,.0f} MB; "
            f"P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}",
            file=out,
        )
    else:
        print(f"\nnncc resolve (the CLI) failed on {records:,} records: {run.error}", file=out)
    return run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--synthetic-records", type=int, default=20_000, help="records in the synthetic set"
    )
    parser.add_argument("--synthetic-seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument(
        "--resolution-datasets",
        default=",".join(DATASETS),
        help=f"comma-separated, from {', '.join(DATASETS)}",
    )
    parser.add_argument(
        "--resolution-engine",
        choices=sorted(ENGINES),
        default="nncc",
        help="exact-cnic: a trivial floor, to check the harness without the engine",
    )
    parser.add_argument(
        "--cli-records",
        type=int,
        default=0,
        help="also time the nncc resolve command on this many synthetic records",
    )


def run_from_arguments(args: argparse.Namespace) -> None:
    names = tuple(name.strip() for name in args.resolution_datasets.split(",") if name.strip())
    unknown = [name for name in names if name not in DATASETS]
    if unknown:
        raise SystemExit(f"unknown data sets: {', '.join(unknown)}")
    run(
        datasets=names,
        synthetic_records=args.synthetic_records,
        seed=args.synthetic_seed,
        engine=args.resolution_engine,
    )
    if args.cli_records > 0:
        cli_check(args.cli_records, seed=args.synthetic_seed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.resolution", description=__doc__)
    add_arguments(parser)
    run_from_arguments(parser.parse_args(argv))
