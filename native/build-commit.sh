#!/usr/bin/env bash
# Records the commit the build is made from, where `gdbench --version` and meta.json read it:
# OUTPUT_FILE gets commit=<full hash> and dirty=true|false (tracked files changed since that
# commit). Outside a git checkout of this project (a source archive) or without git it writes no
# file, and the tool says "commit unknown"; the build never fails for it. git itself rather than
# a Maven plugin on JGit, which reads the main checkout's HEAD inside a linked `git worktree`.
#
# Usage: build-commit.sh OUTPUT_FILE
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: build-commit.sh OUTPUT_FILE}
rm -f "$OUT"
# --show-toplevel: a source archive unpacked inside some other repository is not that repository's commit.
if ! command -v git > /dev/null || [[ "$(git rev-parse --show-toplevel 2> /dev/null)" != "$(pwd -P)" ]] \
        || ! commit=$(git rev-parse --verify -q HEAD); then
    echo "build-commit: not a git checkout (or no git): the build's commit is unknown"
    exit 0
fi
dirty=false
if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
    dirty=true
fi
mkdir -p "$(dirname "$OUT")"
printf 'commit=%s\ndirty=%s\n' "$commit" "$dirty" > "$OUT"
echo "build-commit: $commit$([[ $dirty == true ]] && echo ' (with uncommitted changes)')"
