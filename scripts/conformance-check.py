#!/usr/bin/env python3
"""Independent re-scoring of a conformance run (scripts/conformance.sh --out DIR).

    scripts/conformance-check.py OUT_DIR [REFS_DIR]

Recomputes the SSIM of every rendered scene in OUT_DIR/results.tsv with scikit-image
(structural_similarity on RGB float in [0, 1], channel_axis=2, data_range=1.0, its
default 7x7 uniform window), reading spotray's OUT_DIR/<flat name>.png and the reference
REFS_DIR/<flat name>.png (default ../shared/povray-samples, else target/conformance-refs).
Prints the counts at SSIM >= 0.90 and >= 0.95 by both scorers and every scene where the
two differ by more than 1e-4. Exits 1 when the counts disagree, so a bug in spotray's own
SSIM cannot flatter the harness's figures unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.90, 0.95)
TOLERANCE = 1e-4


def import_or_install():
    try:
        import numpy  # noqa: F401
        from PIL import Image  # noqa: F401
        from skimage.metrics import structural_similarity  # noqa: F401
    except ImportError:
        print("installing scikit-image and pillow with pip", file=sys.stderr)
        # Debian's Python refuses pip installs outside a venv without this.
        env = dict(os.environ, PIP_BREAK_SYSTEM_PACKAGES="1")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "scikit-image", "pillow"],
                       env=env, check=True)
    import numpy as np
    from PIL import Image
    from skimage.metrics import structural_similarity
    return np, Image, structural_similarity


def main() -> int:
    if len(sys.argv) not in (2, 3) or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    if len(sys.argv) == 3:
        refs = Path(sys.argv[2])
    else:
        refs = REPO.parent / "shared" / "povray-samples"
        if not (refs / "index.tsv").is_file():
            refs = REPO / "target" / "conformance-refs"
    results = out / "results.tsv"
    if not results.is_file():
        print(f"error: {results} not found (run scripts/conformance.sh --out {out})", file=sys.stderr)
        return 2
    np, Image, structural_similarity = import_or_install()

    def load(path: Path):
        # 16-bit PNGs would lose their low byte in Pillow's "RGB"; neither renderer
        # writes them at these settings, so refuse rather than silently score 8 bits.
        with Image.open(path) as im:
            if im.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                raise SystemExit(f"error: {path}: unsupported PNG mode {im.mode}")
            return np.asarray(im.convert("RGB"), dtype=np.float64) / 255.0

    lines = results.read_text().splitlines()
    header = lines[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    harness_counts = dict.fromkeys(THRESHOLDS, 0)
    check_counts = dict.fromkeys(THRESHOLDS, 0)
    differing = []
    scored = 0
    for line in lines[1:]:
        row = line.split("\t")
        ssim_text = row[col["ssim"]]
        if not ssim_text:
            continue  # not rendered: nothing to score
        flat = row[col["flat"]]
        harness = float(ssim_text)
        a, b = load(out / f"{flat}.png"), load(refs / f"{flat}.png")
        if a.shape != b.shape:
            differing.append((row[col["scene"]], harness, float("nan")))
            continue
        ours = float(structural_similarity(a, b, channel_axis=2, data_range=1.0))
        scored += 1
        # The harness thresholds its printed 4-decimal value; round alike so that a
        # value such as 0.89996 does not count as a disagreement about 0.90.
        for t in THRESHOLDS:
            harness_counts[t] += harness >= t
            check_counts[t] += round(ours, 4) >= t
        if abs(ours - harness) > TOLERANCE:
            differing.append((row[col["scene"]], harness, ours))

    print(f"scored {scored} rendered scene(s) from {results}")
    print(f"{'':<12}{'harness':>10}{'scikit-image':>14}")
    for t in THRESHOLDS:
        print(f"SSIM >= {t:.2f}{harness_counts[t]:>10}{check_counts[t]:>14}")
    if differing:
        print(f"{len(differing)} scene(s) where the two SSIMs differ by more than {TOLERANCE}:")
        for scene, h, s in differing:
            print(f"  {scene:<44} harness {h:.4f}  scikit-image {s:.6f}")
    else:
        print(f"every SSIM agrees within {TOLERANCE}")
    if harness_counts != check_counts:
        print("FAIL: the counts disagree", file=sys.stderr)
        return 1
    print("OK: the counts agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
