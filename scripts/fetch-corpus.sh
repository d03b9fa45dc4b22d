#!/usr/bin/env bash
# Fetches a corpus of real, published mini-programs for `npm run bench -- corpus`, into
# $GLOVEBOX_CORPUS (default ~/.cache/glovebox/corpus). The corpus is never part of this repo:
# each project keeps its own licence. Run: bash scripts/fetch-corpus.sh && GLOVEBOX_CORPUS=… npm run bench -- corpus
set -euo pipefail
target="${GLOVEBOX_CORPUS:-$HOME/.cache/glovebox/corpus}"
mkdir -p "$target"
# owner/name — what it is (licence)
repos=(
  "Data-Camp/WeApp_Demos"   # 123 WeChat mini-programs collected from their authors (MIT)
)
for repo in "${repos[@]}"; do
  folder="$target/${repo//\//+}"
  if [ -d "$folder/.git" ]; then
    git -C "$folder" pull --quiet --ff-only
  else
    git clone --quiet --depth 1 "https://github.com/$repo.git" "$folder"
  fi
  echo "$folder"
done
echo "GLOVEBOX_CORPUS=$target npm run bench -- corpus"
