#!/usr/bin/env bash
# make dist-check: what a user of the released package gets, checked from outside the source tree.
#
# 1. Builds the sdist and the wheel with `python -m build` (the wheel from the sdist, as pip does).
# 2. Installs the wheel into a fresh venv in a temporary folder and runs the installed
#    `claimreview` on copies of the examples there: --version, validate, and convert to every
#    format it writes. A module or package-data file missing from the wheel fails here, where the
#    test suite (which imports the source tree) would not notice.
# 3. Runs the README's pre-commit snippet as written, in a scratch git repository, with only its
#    `repo:` pointed at this checkout (and `rev:` at HEAD when the tag is not in this clone), and
#    `pre-commit try-repo` with the hook id; and checks that the snippet's rev is this version.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

step "build sdist and wheel ($version)"
"$python" -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet build pre-commit
"$work/tools/bin/python" -m build --outdir "$work/dist" "$root"
ls "$work/dist"

step "install the wheel into a fresh venv"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$work/dist/claimreview-$version-py3-none-any.whl[rdf,parquet,ftm,microdata,sheets]"
mkdir "$work/use" && cp -r "$root/examples" "$work/use/examples"
cd "$work/use"
cr="$work/venv/bin/claimreview"

step "the installed command, outside the source tree"
test "$("$cr" --version)" = "claimreview, version $version"
"$work/venv/bin/python" - "$work/venv" <<'EOF'
import sys, claimreview
assert claimreview.__file__.startswith(sys.argv[1]), f"imported {claimreview.__file__}, not the installed wheel"
assert claimreview.__version__ != "0+unknown"
EOF
"$work/venv/bin/python" -m claimreview --version
"$cr" validate examples/
for to in $("$cr" formats | awk '$2 ~ /write/ {print $1}'); do
    case "$to" in
        csv) out=out-tables.zip ;;
        *) out=- ;;
    esac
    echo "convert --to $to"
    "$cr" convert examples/north-korea-troops.yaml --to "$to" -o "$out" > /dev/null
done
"$cr" schema claimreview > /dev/null
"$cr" codes > /dev/null

step "the README's pre-commit snippet"
cd "$root"
snippet=$(awk '/^# \.pre-commit-config\.yaml$/ {on=1; next} on && /^```/ {exit} on {print}' README.md)
rev=$(printf '%s\n' "$snippet" | awk '$1 == "rev:" {print $2}')
test "$rev" = "v$version" || { echo "README's pre-commit rev is $rev, the package is $version" >&2; exit 1; }
ref=$rev
git -C "$root" rev-parse -q --verify "refs/tags/$rev" >/dev/null || ref=$(git -C "$root" rev-parse HEAD)
mkdir "$work/hooked" && cd "$work/hooked"
git init -q . && git config user.email ci@example.org && git config user.name ci
mkdir claims && cp "$root/examples/north-korea-troops.yaml" "$root/examples/north-korea-troops.jsonld" claims/
printf '{"not": "checked: outside claims/"}\n' > other.json
{ echo "repos:"; printf '%s\n' "$snippet" | sed -e "s|^- repo: .*|- repo: $root|" -e "s|^  rev: .*|  rev: $ref|"; } \
    > .pre-commit-config.yaml
cat .pre-commit-config.yaml
git add -A && git commit -qm claims
PRE_COMMIT_HOME="$work/pre-commit-home" "$work/tools/bin/pre-commit" run --all-files
echo '{"@context": "https://schema.org", "@type": "ClaimReview"}' > claims/broken.jsonld
git add claims/broken.jsonld
if PRE_COMMIT_HOME="$work/pre-commit-home" "$work/tools/bin/pre-commit" run --all-files; then
    echo "the hook passed a ClaimReview with no claimReviewed, reviewRating or url" >&2
    exit 1
fi
git rm -q --cached claims/broken.jsonld && rm claims/broken.jsonld
PRE_COMMIT_HOME="$work/pre-commit-home" "$work/tools/bin/pre-commit" try-repo "$root" claimreview-validate \
    --ref "$ref" --files claims/north-korea-troops.yaml claims/north-korea-troops.jsonld

step "dist-check passed"
