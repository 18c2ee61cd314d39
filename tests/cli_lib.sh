# Helpers shared by the command-line test scripts (sourced, not run):
#   expect CODE DESCRIPTION -- command...   runs it; its stdout/stderr land in $tmp/out, $tmp/err
#   contains FILE TEXT DESCRIPTION          the file must hold TEXT
# Each failure is printed and counted in $fails. Sourcing it also makes $tmp,
# a fresh folder removed when the script ends.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/out" "$tmp/err"; fails=$((fails + 1))
  fi
}
contains() {
  if ! grep -qF -- "$2" "$1"; then
    echo "FAIL: $3: '$2' not in output:"; cat "$1"; fails=$((fails + 1))
  fi
}
