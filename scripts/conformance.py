#!/usr/bin/env python3
"""POV-Ray 3.7 sample-scene conformance run for spotray (the work behind
scripts/conformance.sh; see that script's header for usage).

Standard library only: this runs wherever the test command runs, with no pip step.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import fnmatch
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Debian's povray-examples location; the only machine path the harness assumes.
DEFAULT_SCENES = Path("/usr/share/povray-3.7/scenes")
DEFAULT_REFS = REPO.parent / "shared" / "povray-samples"
CACHED_REFS = REPO / "target" / "conformance-refs"

# The settings POV-Ray's references were made with (../shared/povray-samples/README.md).
WIDTH, HEIGHT, AA_THRESHOLD = 320, 240, 0.3
REF_TIMEOUT = 60  # the shared references used 60 s; a self-made cache does the same
REF_THREADS = 2
MATCH_SSIM, GOOD_SSIM = 0.90, 0.95
# An INI name no sample scene uses, so writing it never clobbers a scene's own INI.
INI_NAME = "spotray-conformance.ini"

RESULT_COLUMNS = ["scene", "flat", "outcome", "seconds", "ssim", "psnr", "error"]


@dataclass
class Scene:
    path: str  # relative to the scenes folder, e.g. "advanced/abyss.pov"
    flat: str  # "advanced_abyss": names the reference and output files
    ref: Path


@dataclass
class Result:
    scene: Scene
    outcome: str = ""
    seconds: float = 0.0
    ssim: str = ""
    psnr: str = ""
    error: str = ""
    # --timing only: POV-Ray's wall seconds in this run, None when it did not render.
    povray_seconds: float | None = None


def flat_name(scene_path: str) -> str:
    return scene_path[: -len(".pov")].replace("/", "_")


def say(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# ---- references -----------------------------------------------------------------


def read_index(index: Path) -> list[list[str]]:
    rows = []
    for line in index.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def scratch_copy(scenes: Path, scene_path: str, into: Path) -> Path:
    """A private copy of the scene's whole folder: scenes read sibling files (includes,
    images, data) and some write files, and neither renderer may touch the installed ones."""
    src = scenes / Path(scene_path).parent
    dst = into / "scene"
    # symlinks=False: Debian may link example files into /usr/share/doc; copy the targets.
    shutil.copytree(src, dst, symlinks=False)
    return dst


def run_povray(scenes: Path, scene_path: str, png_out: Path, threads: int, timeout: int) -> tuple[int, float, str]:
    """Render one scene with POV-Ray at the reference settings; (exit code, seconds, log)."""
    with tempfile.TemporaryDirectory(prefix="povray-") as tmp:
        work = scratch_copy(scenes, scene_path, Path(tmp))
        name = Path(scene_path).name
        # Relative +O: POV-Ray's default I/O security only lets it write under the
        # current directory.
        cmd = ["timeout", "-k", "5", str(timeout), "povray", f"+I{name}",
               f"+W{WIDTH}", f"+H{HEIGHT}", f"+A{AA_THRESHOLD}", "-D", f"+WT{threads}", "+Oout.png"]
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, check=False)
        seconds = time.monotonic() - start
        log = proc.stdout.decode("utf-8", "replace")
        rc = proc.returncode
        if rc == 0 and (work / "out.png").is_file():
            shutil.move(str(work / "out.png"), png_out)
        elif rc == 0:
            rc = 1  # "succeeded" without an image: useless as a reference
        return rc, seconds, log


def ensure_cached_refs(scenes: Path, wanted: list[str], jobs: int) -> Path:
    """Render (once) the references the shared folder would have provided."""
    CACHED_REFS.mkdir(parents=True, exist_ok=True)
    index = CACHED_REFS / "index.tsv"
    done = {row[0] for row in read_index(index)} if index.exists() else set()
    todo = [s for s in wanted if s not in done]
    if not todo:
        return CACHED_REFS
    say(f"note: ../shared/povray-samples not found; rendering {len(todo)} reference(s) "
        f"with POV-Ray into {CACHED_REFS} (cached for next time)")
    lock = threading.Lock()

    def one(scene_path: str) -> None:
        flat = flat_name(scene_path)
        rc, seconds, _ = run_povray(scenes, scene_path, CACHED_REFS / f"{flat}.png", REF_THREADS, REF_TIMEOUT)
        with lock:
            # Appended as each finishes so an interrupted run keeps what it made.
            with index.open("a") as f:
                f.write(f"{scene_path}\t{flat}\t{rc}\t{seconds:.2f}\n")
            say(f"  reference {scene_path}: exit {rc}, {seconds:.1f} s")

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, todo))
    return CACHED_REFS


def all_scene_paths(scenes: Path) -> list[str]:
    found = []
    for dirpath, _, files in os.walk(scenes, followlinks=True):
        for f in files:
            if f.endswith(".pov"):
                found.append(str((Path(dirpath) / f).relative_to(scenes)))
    return sorted(found)


def matches_subset(scene_path: str, pattern: str) -> bool:
    pattern = pattern.strip().rstrip("/")
    return (scene_path == pattern
            or scene_path == pattern + ".pov"
            or scene_path.startswith(pattern + "/")
            or fnmatch.fnmatchcase(scene_path, pattern))


def select(paths: list[str], subsets: list[str]) -> list[str]:
    if not subsets:
        return paths
    unmatched = [p for p in subsets if not any(matches_subset(s, p) for s in paths)]
    if unmatched:
        sys.exit(f"error: --subset {' '.join(unmatched)} matches no scene with a reference")
    return [s for s in paths if any(matches_subset(s, p) for p in subsets)]


def load_scenes(args: argparse.Namespace) -> tuple[list[Scene], str]:
    """The scenes to run and a description of where their references come from."""
    refs = Path(args.refs) if args.refs else DEFAULT_REFS
    if (refs / "index.tsv").is_file():
        rows = read_index(refs / "index.tsv")
        origin = "POV-Ray 3.7.0.10 renders from ../shared/povray-samples" if not args.refs else \
            f"references from --refs {refs.name}"
    elif args.refs:
        sys.exit(f"error: --refs {args.refs}: no index.tsv there")
    else:
        universe = select(all_scene_paths(args.scenes), args.subset)
        refs = ensure_cached_refs(args.scenes, universe, args.jobs)
        rows = read_index(refs / "index.tsv")
        origin = f"{povray_version()} renders made by this harness (target/conformance-refs)"
    # Only exit-code-0 rows have an image; the others need an INI, animation or input
    # that a plain render lacks, or did not finish within POV-Ray's own time limit.
    usable = {r[0]: r for r in rows if len(r) >= 3 and r[2] == "0"}
    chosen = select(sorted(usable), args.subset)
    return [Scene(p, usable[p][1], refs / f"{usable[p][1]}.png") for p in chosen], origin


def povray_version() -> str:
    try:
        out = subprocess.run(["povray", "--version"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "POV-Ray (not installed)"
    for line in (out.stdout + out.stderr).splitlines():
        if line.startswith("POV-Ray"):
            return line.split(" (")[0].strip()
    return "POV-Ray"


# ---- spotray ----------------------------------------------------------------------

ABS_PATH = re.compile(r"(?<![\w.])/(?:[^\s:`'\"()\[\]{}]+/)*([^\s:`'\"()\[\]{}/]+)")
LOCATION = re.compile(r"^\s*-->\s*(.+?):(\d+):(\d+)\s*$")
PANIC = re.compile(r"thread '.*' panicked at|has overflowed its stack")


def strip_paths(text: str) -> str:
    """Scratch folders are random and machine-specific: keep only file names."""
    return ABS_PATH.sub(lambda m: m.group(1), text)


def first_error(log: str) -> str:
    """The first error message with its location's file name, on one line."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("error:"):
            msg = line[len("error:"):].strip()
            # spotray prints the location on a "--> file:line:col" line below the message.
            for follow in lines[i + 1:i + 4]:
                m = LOCATION.match(follow)
                if m:
                    msg += f" ({Path(m.group(1)).name}:{m.group(2)})"
                    break
            return strip_paths(msg)
    for i, line in enumerate(lines):
        if PANIC.search(line):
            # Since Rust 1.73 the panic message is on the line after "panicked at".
            detail = lines[i + 1].strip() if "panicked at" in line and i + 1 < len(lines) else ""
            return strip_paths(f"panic: {line.strip()} {detail}".strip())
    tail = [line.strip() for line in lines if line.strip()]
    return strip_paths(tail[-1]) if tail else ""


UNSUPPORTED = re.compile(r"`([^`]+)` is a POV-Ray feature spotray does not support yet")
# Inside backticks, keywords and operators name the cause; anything else (the scene's
# own identifiers, strings, file names) would split one cause into many rows.
GENERIC_TOKEN = re.compile(r"#?[a-z_]+|[^\w\s]{1,3}")


def feature_key(error: str) -> str:
    """Groups errors that have the same cause: the feature for "unsupported" errors,
    otherwise the message without its location and with scene-specific parts blanked."""
    error = re.sub(r"\s*\([^()]*:\d+\)$", "", error)  # our "(file:line)" suffix
    error = re.sub(r"^\S+:\d+:\d+:\s*", "", error)  # a "file:line:col:" prefix
    error = re.sub(r"^error:\s*", "", error)
    m = UNSUPPORTED.search(error)
    if m:
        return f"unsupported: {m.group(1)}"
    if error.startswith("panic:"):
        return "panic"
    parts = error.split("`")
    for i, part in enumerate(parts):
        if i % 2 == 0:
            parts[i] = re.sub(r"\d+(\.\d+)?", "N", part)
        elif not GENERIC_TOKEN.fullmatch(part):
            parts[i] = "…"
    return "`".join(parts)


def render_spotray(args: argparse.Namespace, scene: Scene, out: Path) -> Result:
    result = Result(scene)
    png = out / f"{scene.flat}.png"
    log_path = out / f"{scene.flat}.log"
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="spotray-") as tmp:
        work = scratch_copy(args.scenes, scene.path, Path(tmp))
        ini = work / INI_NAME
        ini.write_text(f"Input_File_Name={Path(scene.path).name}\nWidth={WIDTH}\nHeight={HEIGHT}\n"
                       f"Antialias=on\nAntialias_Threshold={AA_THRESHOLD}\n")
        # -k: a renderer that ignores SIGTERM is still gone five seconds later.
        cmd = ["timeout", "-k", "5", str(args.timeout), str(args.spotray), "render", str(ini),
               "-o", str(png), "--quiet", "--threads", str(args.threads)]
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, check=False)
        result.seconds = time.monotonic() - start
    log = proc.stdout.decode("utf-8", "replace")
    log_path.write_text(log)
    rc = proc.returncode
    # timeout(1) exits 124 when it sent SIGTERM, 137 when it had to SIGKILL too.
    if rc == 124 or (rc == 137 and result.seconds >= args.timeout):
        result.outcome, result.error = "timeout", f"timed out after {args.timeout} s"
    elif PANIC.search(log) or rc < 0 or rc > 128:
        # Killed by a signal (a negative code, or 128+N passed on by timeout) or a Rust
        # panic (exit 101): a bug in spotray, whatever the scene contains.
        result.outcome = "crash"
        result.error = first_error(log) or f"killed by signal {rc - 128 if rc > 128 else -rc}"
    elif rc != 0:
        result.outcome, result.error = "error", first_error(log) or f"exit code {rc}"
    elif not png.is_file():
        result.outcome, result.error = "error", "exit code 0 but no image written"
    else:
        compare(args, result, png)
    return result


def compare(args: argparse.Namespace, result: Result, png: Path) -> None:
    proc = subprocess.run([str(args.spotray), "compare", str(png), str(result.scene.ref)],
                          capture_output=True, text=True, check=False)
    m = re.search(r"ssim=(\S+)\s+psnr=(\S+)", proc.stdout)
    if not m:
        result.outcome = "error"
        result.error = "compare: " + strip_paths(first_error(proc.stderr) or proc.stdout.strip())
        return
    result.ssim, result.psnr = m.group(1), m.group(2)
    # The printed (4-decimal) value decides, so a re-scorer reading results.tsv agrees.
    result.outcome = "match" if float(result.ssim) >= MATCH_SSIM else "differs"


def time_povray(args: argparse.Namespace, result: Result) -> None:
    with tempfile.TemporaryDirectory(prefix="povray-out-") as tmp:
        rc, seconds, _ = run_povray(args.scenes, result.scene.path, Path(tmp) / "out.png",
                                    args.threads, args.timeout)
    result.povray_seconds = seconds if rc == 0 else None


# ---- reporting --------------------------------------------------------------------


def fmt_row(r: Result, timing: bool) -> str:
    cols = [f"{r.scene.path:<44}", f"{r.outcome:<8}", f"{r.seconds:6.2f}s",
            f"{r.ssim or '-':>6}", f"{r.psnr or '-':>6}"]
    if timing:
        cols.append(f"{ratio_text(r):>8}")
    cols.append(r.error or "-")
    return "  ".join(cols)


def ratio(r: Result) -> float | None:
    if r.povray_seconds and r.outcome in ("match", "differs"):
        return r.seconds / r.povray_seconds
    return None


def ratio_text(r: Result) -> str:
    x = ratio(r)
    return f"x{x:.2f}" if x is not None else "-"


def summarise(results: list[Result]) -> dict[str, int]:
    count = lambda *outcomes: sum(r.outcome in outcomes for r in results)  # noqa: E731
    return {
        "scenes": len(results),
        "rendered": count("match", "differs"),
        f"SSIM >= {MATCH_SSIM:.2f}": sum(bool(r.ssim) and float(r.ssim) >= MATCH_SSIM for r in results),
        f"SSIM >= {GOOD_SSIM:.2f}": sum(bool(r.ssim) and float(r.ssim) >= GOOD_SSIM for r in results),
        "crashed": count("crash"),
        "timed out": count("timeout"),
        "failed (error exit)": count("error"),
    }


def histogram(results: list[Result]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for r in results:
        if r.outcome == "error":
            key = feature_key(r.error)
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def median_ratio(results: list[Result]) -> float | None:
    ratios = [x for x in map(ratio, results) if x is not None]
    return statistics.median(ratios) if ratios else None


def write_results_tsv(results: list[Result], path: Path) -> None:
    lines = ["\t".join(RESULT_COLUMNS)]
    for r in results:
        # Tabs and newlines would break the columns; errors are single lines already.
        error = re.sub(r"[\t\r\n]+", " ", r.error)
        lines.append("\t".join([r.scene.path, r.scene.flat, r.outcome, f"{r.seconds:.2f}",
                                r.ssim, r.psnr, error]))
    path.write_text("\n".join(lines) + "\n")


def shown_command(argv: list[str]) -> str:
    """The command line with absolute paths cut to their last component: the report is
    committed and must not carry this machine's folders."""
    shown = []
    for a in argv:
        if a.startswith("/"):
            a = ".../" + Path(a).name
        elif "=" in a and a.split("=", 1)[1].startswith("/"):
            k, v = a.split("=", 1)
            a = f"{k}=.../{Path(v).name}"
        shown.append(a)
    return " ".join(["scripts/conformance.sh"] + shown)


def git_commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                          text=True, check=False)
    return proc.stdout.strip() or "unknown"


def md_cell(text: str) -> str:
    return text.replace("|", "\\|") if text else "-"


def write_doc(args: argparse.Namespace, results: list[Result], origin: str, wall: float, path: Path) -> None:
    s = summarise(results)
    timing = args.timing
    out = [
        "# POV-Ray 3.7 sample-scene conformance",
        "",
        "How closely spotray reproduces POV-Ray 3.7's own renders of the sample scenes that ship",
        "with POV-Ray (Debian package `povray-examples`). Generated by `scripts/conformance.sh`;",
        "do not edit by hand.",
        "",
        "## How it was made",
        "",
        f"- Command: `{shown_command(sys.argv[1:])}`",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- spotray commit: `{git_commit()}`",
        f"- Machine: {os.cpu_count()} cores; spotray ran with `--threads {args.threads}`, "
        f"{args.jobs} scene(s) at a time, {args.timeout} s limit per scene; the run took {wall / 60:.1f} min",
        f"- References: {origin}, at {WIDTH}x{HEIGHT} with `+A{AA_THRESHOLD}`; only scenes POV-Ray "
        "rendered (exit code 0) are listed",
        f"- spotray rendered each scene from a scratch copy of its folder with an INI holding "
        f"`Input_File_Name`, `Width={WIDTH}`, `Height={HEIGHT}`, `Antialias=on`, "
        f"`Antialias_Threshold={AA_THRESHOLD}`, and `spotray compare` scored it (SSIM and PSNR on RGB in [0, 1])",
        "- Outcomes: `match` SSIM >= 0.90; `differs` rendered with lower SSIM; `error` spotray "
        "refused the scene (non-zero exit); `crash` a panic or a signal; `timeout` over the limit",
        "",
        "## Summary",
        "",
        "| | scenes |",
        "|---|---:|",
    ]
    out += [f"| {k} | {v} |" for k, v in s.items()]
    if timing:
        m = median_ratio(results)
        out += [f"| median time ratio spotray / POV-Ray | {'-' if m is None else f'{m:.2f}'} |"]
    out += [
        "",
        "## What stops the scenes that fail",
        "",
        "The first error of each scene that ended with an error exit, grouped: unsupported",
        "features by keyword, other messages without their location and scene-specific names.",
        "",
    ]
    errors = histogram(results)
    if errors:
        out += ["| first error | scenes |", "|---|---:|"]
        out += [f"| {md_cell(k)} | {v} |" for k, v in errors]
    else:
        out += ["No scene ended with an error exit."]
    header = "| scene | outcome | seconds | SSIM | PSNR |" + (" POV-Ray s | ratio |" if timing else "") + " first error |"
    out += ["", "## Scenes", "", header, "|---|---|---:|---:|---:|" + ("---:|---:|" if timing else "") + "---|"]
    for r in results:
        row = f"| {r.scene.path} | {r.outcome} | {r.seconds:.2f} | {r.ssim or '-'} | {r.psnr or '-'} |"
        if timing:
            pov = "-" if r.povray_seconds is None else f"{r.povray_seconds:.2f}"
            row += f" {pov} | {ratio_text(r)} |"
        row += f" {md_cell(r.error)} |"
        out.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n")


# ---- main -------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/conformance.sh",
                                description="Render POV-Ray 3.7's sample scenes with spotray and score them "
                                            "against POV-Ray's own renders.")
    p.add_argument("--subset", action="append", default=[], metavar="PATTERN",
                   help="a folder under scenes/ (textures/patterns) or a glob on the scene path "
                        "('advanced/*'); repeatable")
    p.add_argument("--timeout", type=int, default=60, metavar="SECS", help="per-scene limit (default 60)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="render threads (default: all cores)")
    p.add_argument("--jobs", type=int, default=1, metavar="J", help="scenes rendered at once (default 1)")
    p.add_argument("--out", metavar="DIR", help="keep images, logs and results.tsv here (default: a temp dir)")
    p.add_argument("--spotray", metavar="PATH", help="binary to test (default: cargo build --release)")
    p.add_argument("--refs", metavar="DIR", help="references: index.tsv and <flat name>.png "
                                                 "(default ../shared/povray-samples)")
    p.add_argument("--scenes", type=Path, default=DEFAULT_SCENES, help=argparse.SUPPRESS)
    p.add_argument("--doc", metavar="FILE", help="markdown report (default docs/conformance.md, "
                                                 "written by default only for a full run)")
    p.add_argument("--timing", action="store_true",
                   help="also time POV-Ray on each scene and print spotray/POV-Ray ratios (use with --subset)")
    args = p.parse_args()
    if args.timeout < 1 or args.threads < 1 or args.jobs < 1:
        p.error("--timeout, --threads and --jobs must be positive")
    if args.timing and args.jobs > 1:
        # Renders running side by side would slow each other and spoil the timings.
        say("note: --timing renders one scene at a time; ignoring --jobs")
        args.jobs = 1
    return args


def find_spotray(args: argparse.Namespace) -> Path:
    if args.spotray:
        path = Path(args.spotray).resolve()
        if not os.access(path, os.X_OK):
            sys.exit(f"error: --spotray {args.spotray} is not an executable file")
        return path
    say("==> cargo build --release (pass --spotray PATH to test a ready binary)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return REPO / "target" / "release" / "spotray"


def main() -> int:
    args = parse_args()
    if not args.scenes.is_dir():
        sys.exit(f"error: no POV-Ray sample scenes at {args.scenes} (install povray-examples)")
    scenes, origin = load_scenes(args)
    if not scenes:
        sys.exit("error: no scenes to run")
    args.spotray = find_spotray(args)
    doc = Path(args.doc) if args.doc else (REPO / "docs" / "conformance.md" if not args.subset else None)

    keep = args.out is not None
    out = Path(args.out).resolve() if keep else Path(tempfile.mkdtemp(prefix="conformance-"))
    out.mkdir(parents=True, exist_ok=True)
    say(f"==> {len(scenes)} scene(s), {args.threads} thread(s), {args.jobs} at a time, "
        f"{args.timeout} s limit; references: {origin}")

    started = time.monotonic()
    results: list[Result] = []
    lock = threading.Lock()

    def one(scene: Scene) -> Result:
        r = render_spotray(args, scene, out)
        if args.timing:
            time_povray(args, r)
        with lock:
            print(fmt_row(r, args.timing), flush=True)
        return r

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(one, scenes))
        wall = time.monotonic() - started
        write_results_tsv(results, out / "results.tsv")

        print()
        print(f"summary ({wall / 60:.1f} min):")
        for k, v in summarise(results).items():
            print(f"  {k:<22} {v}")
        hist = histogram(results)
        if hist:
            print("first error of the scenes that failed (count, cause):")
            for k, v in hist:
                print(f"  {v:4}  {k}")
        if args.timing:
            timed = [r for r in results if ratio(r) is not None]
            print(f"time ratio spotray / POV-Ray ({args.threads} threads each):")
            for r in timed:
                print(f"  {r.scene.path:<44} {r.seconds:7.2f}s / {r.povray_seconds:7.2f}s = {ratio_text(r)}")
            m = median_ratio(results)
            print(f"  median ratio over {len(timed)} scene(s): " + ("-" if m is None else f"{m:.2f}"))
        if doc:
            write_doc(args, results, origin, wall, doc)
            say(f"wrote {doc}")
        if keep:
            say(f"images, logs and results.tsv in {out}")
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
