#!/usr/bin/env python3
"""Ingest media jobs from the inbox.

Each job is a JSON file in ``inbox/`` describing one upload. The script
validates the job, runs the matching processor and moves the job file to
``processed/`` on success or ``failed/`` on error.

Usage:
    python scripts/ingest_media.py [--dry-run] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INBOX = ROOT / "inbox"
PROCESSED = ROOT / "processed"
FAILED = ROOT / "failed"

PROCESSORS = {"transcode", "audio-normalise", "thumbnails", "subtitles"}


def load_job(path: Path) -> dict:
    """Read and validate one job file."""
    job = json.loads(path.read_text(encoding="utf-8"))
    if job.get("type") not in PROCESSORS:
        raise ValueError(f"unknown job type: {job.get('type')!r}")
    if not job.get("source"):
        raise ValueError("job has no source")
    return job


def process(job: dict, dry_run: bool) -> None:
    """Run the processor for a job (printed only in this demo)."""
    action = "would run" if dry_run else "running"
    print(f"{action} {job['type']} on {job['source']}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)

    failures = 0
    for path in sorted(INBOX.glob("*.json"))[: args.limit]:
        try:
            process(load_job(path), args.dry_run)
            target = PROCESSED
        except (ValueError, json.JSONDecodeError) as err:
            print(f"{path.name}: {err}", file=sys.stderr)
            failures += 1
            target = FAILED
        if not args.dry_run:
            shutil.move(str(path), target / path.name)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
