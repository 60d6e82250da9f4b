#!/usr/bin/env bash
# The typst bundle experiment: compile every report of each wave folder in ONE typst process
# (`--features bundle --format bundle`, one `#document(...)` per report) against today's one
# process per report, on the `.typ` sources a `spiegel run` left in an output folder.
#
#   cargo run --release -- run --force --out /tmp/bundle-out     # or generate --orgs 200 first
#   bench/bundle.sh /tmp/bundle-out [repetitions]
#
# Prints CPU (user+sys), wall time and peak RSS of both ways, interleaved, and checks that the
# bundled PDFs have the same page count and the same text as the single ones. Bundled
# documents share one introspector: the outline and the heading counter would leak across the
# documents, and so would the heading and figure counters: each report is wrapped with its own
# start/end labels and counter resets.
set -euo pipefail
out="${1:?usage: bench/bundle.sh OUT_DIR [repetitions]}"; reps="${2:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
typst="${SPIEGEL_TYPST:-${XDG_CACHE_HOME:-$HOME/.cache}/spiegel/typst-0.15.1/bin/typst}"
flags=(--font-path "$here/assets/fonts" --ignore-system-fonts --creation-timestamp 1780000000
       --pdf-standard a-2b,ua-1 --diagnostic-format short --jobs 1)
work="$(mktemp -d)"; [ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT; echo "work: $work" >&2
cp -a "$out/." "$work/"
folders=()
while IFS= read -r f; do folders+=("$(dirname "$f")"); done < <(find "$work" -name report.typ -path '*/[0-9]*/report.typ' ! -path '*/departments/*' | sort)
reports=0
for dir in "${folders[@]}"; do
  : > "$dir/bundle.typ"; i=0
  while IFS= read -r t; do
    i=$((i + 1)); reports=$((reports + 1)); rel="${t#"$dir"/}"; d="$(dirname "$rel")"
    python3 - "$t" "$dir/$d/report-b.typ" "$i" <<'PY'
import re, sys
src, dst, i = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(src).read()
s = re.sub(r'#outline\(([^)]*)\)', lambda m: f'#outline({m.group(1)}, target: heading.where(level: 1).after(<doc-start-{i}>).before(<doc-end-{i}>))', s)
open(dst, 'w').write(f'#metadata(none) <doc-start-{i}>\n#counter(heading).update(0)\n#counter(figure.where(kind: image)).update(0)\n#counter(figure.where(kind: table)).update(0)\n{s}\n#metadata(none) <doc-end-{i}>\n')
PY
    echo "#document(\"b/$d/report.pdf\")[#include \"$d/report-b.typ\"]" >> "$dir/bundle.typ"
  done < <(cd "$dir" && find . -name report.typ | sort | sed "s#^\./#$dir/#")
done
echo "${#folders[@]} wave folders, $reports reports"
single() { for dir in "${folders[@]}"; do (cd "$dir" && find . -name report.typ | while read -r t; do "$typst" compile --root . "${flags[@]}" "$t" "${t%.typ}.single.pdf"; done); done; }
bundle() { for dir in "${folders[@]}"; do (cd "$dir" && "$typst" compile --root . "${flags[@]}" --features bundle --format bundle bundle.typ . 2>/dev/null); done; }
export -f single bundle; export typst work; export flags_str="${flags[*]}"
for r in $(seq "$reps"); do
  /usr/bin/time -f "per-report processes: %e s wall, %U s user, %S s sys, peak %M KB" bash -c "$(declare -p folders flags typst); $(declare -f single); single"
  /usr/bin/time -f "one bundle per folder: %e s wall, %U s user, %S s sys, peak %M KB" bash -c "$(declare -p folders flags typst); $(declare -f bundle); bundle"
done
bad=0
for dir in "${folders[@]}"; do
  while IFS= read -r s; do
    b="$dir/b/${s#"$dir"/}"; b="${b%.single.pdf}.pdf"
    [ "$(pdfinfo "$s" 2>/dev/null | grep Pages)" = "$(pdfinfo "$b" 2>/dev/null | grep Pages)" ] || { echo "page count differs: $b"; bad=1; }
    cmp -s <(pdftotext "$s" - 2>/dev/null) <(pdftotext "$b" - 2>/dev/null) || { echo "text differs: $b"; bad=1; }
  done < <(find "$dir" -name '*.single.pdf' | sort)
done
[ $bad -eq 0 ] && echo "bundled PDFs: same page counts and text as the single ones"
