#!/usr/bin/env bash
# Remove processed job files older than N days (default 30).
# Usage: scripts/cleanup.sh [DAYS]
set -euo pipefail

days="${1:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"

echo "Removing processed jobs older than ${days} days from ${root}/processed"
find "${root}/processed" -type f -name '*.json' -mtime "+${days}" -print -delete
