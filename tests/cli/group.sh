#!/bin/sh
# group.sh -- `kaito group add NAME` and `kaito group member add GROUP
# EMAIL` on a data directory: output, exit codes (0 ok, 1 bad input, 2
# usage), --help, --data anywhere, case-insensitive names, idempotent
# membership, and the audit rows they leave (channel cli).
. tests/cli/lib.sh

D="$T/data"
"$KAITO" init --data "$D" --admin root@example.com >/dev/null ||
    { echo "FAIL: init"; exit 1; }
printf 'a-password-for-bob\n' |
    "$KAITO" user add bob@example.com --password-stdin --data "$D" \
    >/dev/null || { echo "FAIL: user add"; exit 1; }

expect_run "group add" 0 "created group ops (id 1)" "" \
    "$KAITO" group add ops --data "$D"
expect_run "--data first" 0 "created group Dev team (id 2)" "" \
    "$KAITO" --data "$D" group add "Dev team"
expect_run "--data=DIR between" 0 "created group sre (id 3)" "" \
    "$KAITO" group --data="$D" add sre
expect_run "name taken, any case" 1 "" \
    "kaito: OPS: a group with this name exists" \
    "$KAITO" group add OPS --data "$D"
expect_run "empty name" 1 "" "group name must be 1 to 128 bytes" \
    "$KAITO" group add "" --data "$D"
long=$(printf '%0129d' 0)
expect_run "long name" 1 "" "group name must be 1 to 128 bytes" \
    "$KAITO" group add "$long" --data "$D"
expect_run "control character" 1 "" "contains a control character" \
    "$KAITO" group add "$(printf 'a\tb')" --data "$D"
expect_run "edge space" 1 "" "starts or ends with a space" \
    "$KAITO" group add "ops " --data "$D"

expect_run "member add" 0 "bob@example.com added to group ops" "" \
    "$KAITO" group member add ops bob@example.com --data "$D"
expect_run "member add again" 0 "BOB@example.com was already in group OPS" \
    "" "$KAITO" group member add OPS BOB@example.com --data "$D"
expect_run "no such group" 1 "" "kaito: nope: no such group" \
    "$KAITO" group member add nope bob@example.com --data "$D"
expect_run "no such user" 1 "" "kaito: ann@example.com: no such user" \
    "$KAITO" group member add ops ann@example.com --data "$D"
expect_run "bad e-mail" 1 "" "is not an e-mail address" \
    "$KAITO" group member add ops not-an-email --data "$D"
expect_run "no data directory" 1 "" "no data directory" \
    "$KAITO" group add x --data "$T/none"

expect_run "group add no name" 2 "" "expected one NAME" \
    "$KAITO" group add --data "$D"
expect_run "group add two names" 2 "" "expected one NAME" \
    "$KAITO" group add a b --data "$D"
expect_run "member add one arg" 2 "" "expected GROUP and EMAIL" \
    "$KAITO" group member add ops --data "$D"
expect_run "unknown option" 2 "" "usage: kaito group add" \
    "$KAITO" group add --frob x
expect_run "group alone" 2 "" "'group' needs a sub-command" "$KAITO" group
expect_run "group member alone" 2 "" "kaito group member add GROUP EMAIL" \
    "$KAITO" group member

expect_run "group add --help" 0 "*" "" "$KAITO" group add --help
for opt in NAME --data --help; do
	grep -q -- "$opt" "$T/out" ||
	    { echo "FAIL: group add --help lacks $opt"; failures=$((failures + 1)); }
done
expect_run "member add --help" 0 "*" "" "$KAITO" group member add --help
for opt in GROUP EMAIL --data --help; do
	grep -q -- "$opt" "$T/out" ||
	    { echo "FAIL: member add --help lacks $opt"; failures=$((failures + 1)); }
done
expect_run "kaito --help lists them" 0 "*" "" "$KAITO" --help
grep -q "kaito group member add GROUP EMAIL" "$T/out" ||
    { echo "FAIL: --help lacks group member add"; failures=$((failures + 1)); }

# The database and the audit log agree.
members=$(sqlite3 "$D/kaito.db" "SELECT g.name || ':' || u.email FROM
    group_members m JOIN groups g ON g.id = m.group_id JOIN users u ON
    u.id = m.user_id")
[ "$members" = "ops:bob@example.com" ] ||
    { echo "FAIL: members: $members"; failures=$((failures + 1)); }
audit=$(sqlite3 "$D/kaito.db" "SELECT action || ' ' || channel || ' ' ||
    outcome || ' ' || coalesce(target_name, '') FROM audit WHERE action
    LIKE 'group.%' ORDER BY seq")
want="group.create cli success ops
group.create cli success Dev team
group.create cli success sre
group.create cli failure OPS
group.member.add cli success ops
group.member.add cli success ops
group.member.add cli failure nope
group.member.add cli failure ops"
[ "$audit" = "$want" ] ||
    { echo "FAIL: audit rows:"; echo "$audit"; failures=$((failures + 1)); }
finish
