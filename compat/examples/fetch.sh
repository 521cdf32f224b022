#!/usr/bin/env bash
# Fetches the example bots that the Python bot libraries publish: the sdist of the version
# pinned in requirements.txt, from PyPI with pip (the same client and index as the rest of
# setup), unpacked into .cache/examples/<package>-<version>/examples/. Nothing of it goes
# into git. Idempotent: a version already unpacked is not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=.cache/examples
mkdir -p "$cache/sdists"
for package in python-telegram-bot aiogram pyTelegramBotAPI; do
  version=$(sed -n "s/^$package==//p" requirements.txt)
  [ -n "$version" ] || { echo "fetch.sh: $package is not pinned in requirements.txt" >&2; exit 1; }
  dest="$cache/$package-$version"
  [ -d "$dest/examples" ] && continue
  .venv/bin/python -m pip download --disable-pip-version-check -q --no-deps --no-binary :all: \
    -d "$cache/sdists" "$package==$version"
  normalized=$(echo "$package" | tr 'A-Z-' 'a-z_')
  sdist=$(ls "$cache/sdists" | grep -i "^$normalized-$version\.tar\.gz$" | head -1)
  [ -n "$sdist" ] || { echo "fetch.sh: no sdist of $package $version downloaded" >&2; exit 1; }
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  tar -xzf "$cache/sdists/$sdist" -C "$dest.tmp" --strip-components=1 --wildcards '*/examples/*'
  mv "$dest.tmp" "$dest"
done
echo "examples in compat/$cache"
