#!/usr/bin/env bash
# Fidelity smoke test: a whole server stack on the emulator's plusserver APIs with the
# openstack CLI (python-openstackclient), configured only by the OS_* environment, e.g.:
#
#     sovereign-emulator --listen 127.0.0.1:8787 --provision-delay 200ms &
#     eval "$(sovereign-emulator env plusserver --endpoint http://127.0.0.1:8787)"
#     bash openstack_cli_smoke.sh
#
# OPENSTACK names the CLI (default: openstack on PATH). Prints "openstack cli smoke: OK" on
# success; any failure exits non-zero.
set -euo pipefail

OPENSTACK=${OPENSTACK:-openstack}
suffix=$(date +%s%N | tail -c 9)
net=cli-net-$suffix
subnet=cli-subnet-$suffix
router=cli-router-$suffix
sg=cli-sg-$suffix
key=cli-key-$suffix
server=cli-vm-$suffix
volume=cli-data-$suffix
# an ed25519 public key (any well-formed OpenSSH key will do; the emulator only fingerprints it)
pubkey_file=$(mktemp)
trap 'rm -f "$pubkey_file"' EXIT
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq5bJ9p7fW7v0k5bJ3vX0x6kP2oQ1r8sT4uV9wY3zA1 cli@emulator" >"$pubkey_file"

os() { "$OPENSTACK" "$@"; }
value() { os "$@" -f value; }
fail() { echo "openstack cli smoke: $*" >&2; exit 1; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
# wait_status VOLUME STATUS: polls the volume until it shows STATUS (at most 30 tries)
wait_status() {
	for _ in $(seq 30); do
		[ "$(value volume show "$1" -c status)" = "$2" ] && return 0
		sleep 0.2
	done
	fail "volume $1 never became $2"
}

os network create "$net" >/dev/null
os subnet create "$subnet" --network "$net" --subnet-range 10.43.0.0/24 >/dev/null
os router create "$router" --external-gateway ext01 >/dev/null
os router add subnet "$router" "$subnet"
os security group create "$sg" >/dev/null
for port in 22 443; do
	os security group rule create "$sg" --ingress --protocol tcp --dst-port "$port" --remote-ip 0.0.0.0/0 >/dev/null
done
rules=$(value security group rule list "$sg" --ingress -c "Port Range" | sort | tr '\n' ' ')
expect_eq "$rules" "22:22 443:443 " "ingress rules"
os keypair create "$key" --public-key "$pubkey_file" >/dev/null

os server create "$server" --flavor SCS-2V-4 --image "Ubuntu 24.04" --network "$net" \
	--boot-from-volume 10 --key-name "$key" --security-group "$sg" --wait >/dev/null
expect_eq "$(value server show "$server" -c status)" "ACTIVE" "server status"
expect_eq "$(value server show "$server" -c OS-EXT-AZ:availability_zone)" "DE-WEST-1" "server zone"
root_volume=$(value server volume list "$server" -c Device -c "Volume ID" | awk '$1 == "/dev/vda" {print $2}')
[ -n "$root_volume" ] || fail "no root volume at /dev/vda"

expect_eq "$(value volume show "$root_volume" -c status)" "in-use" "root volume status"
expect_eq "$(value volume show "$root_volume" -c bootable)" "True" "root volume bootable"

os volume create "$volume" --size 5 >/dev/null
wait_status "$volume" available
os server add volume "$server" "$volume" >/dev/null
wait_status "$volume" in-use

fip=$(value floating ip create ext01 -c floating_ip_address)
os server add floating ip "$server" "$fip"
os server show "$server" -c addresses -f value | grep "$fip" >/dev/null || fail "floating ip $fip not in the server's addresses"
os server list -f value -c Name | grep -x "$server" >/dev/null || fail "server not listed"
os volume list -f value -c Name | grep -x "$volume" >/dev/null || fail "volume not listed"
os floating ip list -f value -c "Floating IP Address" | grep -x "$fip" >/dev/null || fail "floating ip not listed"
os flavor list -f value -c Name | grep -x "SCS-16V-64" >/dev/null || fail "flavors"
os image list -f value -c Name | grep -x "Debian 12" >/dev/null || fail "images"

os server remove floating ip "$server" "$fip"
os floating ip delete "$fip"
os server remove volume "$server" "$volume"
wait_status "$volume" available
os volume delete "$volume"
os server delete "$server" --wait
# --boot-from-volume keeps the root volume (delete_on_termination is false): it is detached
wait_status "$root_volume" available
os volume delete "$root_volume"
for _ in $(seq 30); do
	[ -z "$(value volume list -c ID)" ] && break
	sleep 0.2
done
os keypair delete "$key"
os security group delete "$sg"
os router remove subnet "$router" "$subnet"
os router delete "$router"
os subnet delete "$subnet"
os network delete "$net"

[ -z "$(value server list -c ID)" ] || fail "servers left"
[ -z "$(value volume list -c ID)" ] || fail "volumes left"
[ -z "$(value keypair list -c Name)" ] || fail "key pairs left"
[ -z "$(value floating ip list -c ID)" ] || fail "floating ips left"
[ -z "$(value router list -c ID)" ] || fail "routers left"
expect_eq "$(value network list -c Name)" "ext01" "networks left"
echo "openstack cli smoke: OK"
