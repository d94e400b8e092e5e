#!/usr/bin/env bash
# Mutation testing of the rules (src/csops/rules/, pure) with the fast rule tests (tests/rules/):
# mutmut 3, configured in pyproject.toml ([tool.mutmut]). Prints the score per module and in all,
# counting as equivalent only the mutants listed, each with its reason, in
# tests/rules/equivalent-mutants.txt. Exit 1 when the score is under 90%.
# Usage: bash scripts/mutation.sh          (about 4 minutes on two cores)
set -uo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python}
rm -rf mutants
log=$(mktemp)
"$py" -m mutmut run >"$log" 2>&1
rc=$?
if ! ls mutants/src/csops/rules/*.meta >/dev/null 2>&1; then
  echo "mutmut did not run (exit $rc); its log:" >&2
  tail -40 "$log" >&2
  exit 2
fi
"$py" -m mutmut results --all true 2>/dev/null | "$py" scripts/mutation_score.py tests/rules/equivalent-mutants.txt
