#!/bin/bash
# A Linux guest for hub-bench runs that the host's limits forbid: the 50,000-subscriber fan-out
# needs 51,024 open files in each of the hub and the bench, and a host whose hard limit is lower
# (20,000 on the machines of this project so far) cannot raise it without CAP_SYS_RESOURCE. Root in
# a guest can. See tests/bench/README.md, "Issue 18, the same code on a slower machine, and 50,000
# subscribers in a guest".
#
# Under software emulation (QEMU's TCG, the default, since /dev/kvm on those machines is
# kvm_pvm, which runs only PVM guest kernels) the guest runs 5-15 times slower than the host:
# its delivery counts and memory figures are the hub's, its latencies are not.
#
#   VM=/var/tmp/vm bash tests/bench/vm/make-vm.sh     (Debian 12 host, as root; VM defaults to /var/tmp/vm)
#   cp $CARGO_TARGET_DIR/release/{hub,hub-bench} /var/tmp/vm/share/
#   /var/tmp/vm/run-in-vm './hub-bench --only fanout --fanout 50000 --hub ./hub --out /share/report.json'
#
# Produces: $VM/root (debootstrap tree), $VM/disk.img (20G sparse ext4),
# $VM/vmlinuz, $VM/initrd.img, $VM/init.sh (= /bench/init.sh in the image),
# $VM/run-in-vm, $VM/share/. Re-running skips debootstrap/package installs
# that are already done, rewrites the config and rebuilds disk.img.
set -euo pipefail
VM=${VM:-/var/tmp/vm}
R=$VM/root
MIRROR=http://deb.debian.org/debian
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$VM/share" "$VM/run"

# 1. host packages. The host image carries qemu-utils 10.0 from
# bookworm-backports, which Breaks bookworm's qemu-system-x86 7.2, so QEMU
# comes from bookworm-backports through a private sources list (the host's
# /etc/apt is left untouched).
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v debootstrap >/dev/null; then
  A=$VM/apt-bpo; mkdir -p "$A/lists/partial"
  K=/usr/share/keyrings/debian-archive-keyring.gpg
  cat > "$A/sources.list" <<EOF
deb [signed-by=$K] $MIRROR bookworm main
deb [signed-by=$K] $MIRROR bookworm-updates main
deb [signed-by=$K] http://deb.debian.org/debian-security bookworm-security main
deb [signed-by=$K] $MIRROR bookworm-backports main
EOF
  O=(-o Dir::Etc::sourcelist="$A/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::lists="$A/lists")
  apt-get "${O[@]}" update -q
  apt-get "${O[@]}" install -y -q --no-install-recommends -t bookworm-backports \
    qemu-system-x86 qemu-system-common qemu-system-data qemu-utils debootstrap
fi
apt-get install -y -q e2fsprogs >/dev/null

# 2. guest root filesystem
if [ ! -x "$R/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase --include=ca-certificates bookworm "$R" "$MIRROR"
fi
cat > "$R/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"
cleanup() { umount "$R/proc" 2>/dev/null || true; umount "$R/dev" 2>/dev/null || true; }
trap cleanup EXIT
if [ ! -x "$R/usr/lib/postgresql/15/bin/postgres" ] || ! ls "$R"/boot/vmlinuz-* >/dev/null 2>&1; then
  mount -t proc proc "$R/proc"; mount --bind /dev "$R/dev"
  chroot "$R" /bin/bash -c 'export DEBIAN_FRONTEND=noninteractive LC_ALL=C
    apt-get update -q && apt-get install -y -q --no-install-recommends \
      linux-image-amd64 initramfs-tools kmod postgresql postgresql-contrib \
      redis-server procps iproute2 util-linux ca-certificates libssl3 \
      python3-minimal less zstd && apt-get clean'
  # the chroot's first cluster is SQL_ASCII and may get port 5433 (host's
  # 5432 is busy): recreate it as UTF-8 on 5432
  chroot "$R" /bin/bash -c 'export LC_ALL=C.UTF-8
    pg_dropcluster 15 main 2>/dev/null || true
    pg_createcluster --locale C.UTF-8 --encoding UTF8 -p 5432 15 main -- --auth-local=trust --auth-host=trust'
  cleanup
fi

# 3. guest configuration
C=$R/etc/postgresql/15/main
cat > "$C/pg_hba.conf" <<'EOF'
# bench VM: trust everything local
local   all             all                                     trust
host    all             all             127.0.0.1/32            trust
host    all             all             ::1/128                 trust
local   replication     all                                     trust
host    replication     all             127.0.0.1/32            trust
EOF
sed -i "s/^max_connections = .*/max_connections = 200/; s/^port = .*/port = 5432/; s/^#\?listen_addresses = .*/listen_addresses = '127.0.0.1'/" "$C/postgresql.conf"
printf "listen_addresses = '127.0.0.1'\nport = 5432\nmax_connections = 200\n" > "$C/conf.d/bench.conf"
echo bench-vm > "$R/etc/hostname"
printf '127.0.0.1 localhost bench-vm\n::1 localhost ip6-localhost\n' > "$R/etc/hosts"
mkdir -p "$R/bench" "$R/share"

# 4. guest init (also kept as $VM/init.sh)
cat > "$VM/init.sh" <<'INIT_EOF'
#!/bin/bash
# Guest PID 1 for the hub-bench VM (kernel cmdline: init=/bench/init.sh).
# Sets up mounts and limits, starts PostgreSQL 15 + redis, runs /share/cmd.sh
# (output -> /share/out.log and the console), writes /share/exit_code, powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=dumb
exec </dev/null >/dev/console 2>&1   # make sure fds 0/1/2 exist
log() { echo "[init] $*"; }

poweroff_now() {
  sync
  mount -o remount,ro / 2>/dev/null
  sync
  echo 1 > /proc/sys/kernel/sysrq
  echo o > /proc/sysrq-trigger
  # wait with a builtin: once poweroff starts the disk is gone, so no exec
  read -t 60 <>/run/init-wait 2>/dev/null || while :; do :; done
}
trap poweroff_now EXIT

# (the initramfs already moved /proc, /sys, /dev onto the real root)
mnt() { mountpoint -q "$3" || mount -t "$1" $4 "$2" "$3"; }
mnt proc proc /proc
mnt sysfs sysfs /sys
mnt devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mnt devpts devpts /dev/pts "-o gid=5,mode=620,ptmxmode=666"
mnt tmpfs tmpfs /dev/shm "-o mode=1777"
mnt tmpfs tmpfs /run "-o mode=755"
mnt tmpfs tmpfs /tmp "-o mode=1777"
mkfifo /run/init-wait
mount -o remount,rw / 2>/dev/null
hostname bench-vm
ip link set lo up

modprobe 9p; modprobe 9pnet_virtio
mkdir -p /share
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288,access=any share /share; then
  log "FATAL: cannot mount 9p share"; exit 1
fi

# limits
sysctl -q -w fs.nr_open=1048576 fs.file-max=2097152 \
  net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535 \
  net.core.netdev_max_backlog=65535
ulimit -Hn 200000; ulimit -Sn 200000
ulimit -Hu unlimited 2>/dev/null; ulimit -Su unlimited 2>/dev/null
ulimit -c 0

# services
mkdir -p /run/postgresql /run/redis
chown postgres:postgres /run/postgresql; chmod 2775 /run/postgresql
chown redis:redis /run/redis
if ! pg_ctlcluster 15 main start; then
  log "postgresql failed to start"; tail -20 /var/log/postgresql/postgresql-15-main.log
fi
redis-server /etc/redis/redis.conf --bind 127.0.0.1 --port 6379 --save '' \
  --appendonly no --daemonize yes --protected-mode no --supervised no \
  --maxclients 100000 --logfile /var/log/redis/redis-server.log \
  || log "redis failed to start"
for i in $(seq 50); do
  pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break
  sleep 0.1
done

# the command
cd /share
rm -f /share/exit_code
if [ -f /share/cmd.sh ]; then
  bash /share/cmd.sh 2>&1 | tee /share/out.log
  rc=${PIPESTATUS[0]}
else
  echo "no /share/cmd.sh" | tee /share/out.log; rc=127
fi
echo "$rc" > /share/exit_code
log "command exited with $rc; powering off"
cd /
pg_ctlcluster 15 main stop -m fast >/dev/null 2>&1
redis-cli -h 127.0.0.1 shutdown nosave >/dev/null 2>&1
sync
umount /share 2>/dev/null
exit 0   # -> trap -> poweroff_now
INIT_EOF
install -m 755 "$VM/init.sh" "$R/bench/init.sh"

# 5. host runner
cat > "$VM/run-in-vm" <<'RUN_EOF'
#!/bin/bash
# Usage: /var/tmp/vm/run-in-vm 'shell command ...'
# Boots the bench guest (QEMU, TCG by default; see NOTE), runs the command as root in /share
# (= $VM/share on the host), prints its output, exits with its code.
# Env: RUNVM_MEM (default 16G), RUNVM_CPUS (2), RUNVM_TIMEOUT seconds (7200),
#      RUNVM_LIVE=1 shows the guest console live (on stderr) instead of in
#      /var/tmp/vm/console.log, RUNVM_PERSIST=1 writes to disk.img directly
#      instead of a throw-away qcow2 overlay (default: fresh overlay per run),
#      RUNVM_ACCEL=tcg (default) | kvm.
# NOTE: /dev/kvm on this host is kvm_pvm (Pagetable-based VM, no VMX/SVM):
# it only runs PVM-enlightened guest kernels (CONFIG_PVM_GUEST). The stock
# Debian kernel hangs in its decompressor under it, so the default is TCG
# (software emulation, multi-threaded). RUNVM_ACCEL=kvm with
# RUNVM_KERNEL=<PVM guest vmlinux> is for when such a kernel exists.
set -u
VM=$(dirname "$(readlink -f "$0")")   # normally /var/tmp/vm
SHARE=$VM/share
[ $# -ge 1 ] || { echo "usage: $0 'command...'" >&2; exit 2; }
mkdir -p "$SHARE" "$VM/run"
exec 9>"$VM/run/lock"
flock -n 9 || { echo "run-in-vm: another VM run is active" >&2; exit 3; }

printf '#!/bin/bash\n%s\n' "$*" > "$SHARE/cmd.sh"
rm -f "$SHARE/exit_code" "$SHARE/out.log"

if [ "${RUNVM_PERSIST:-0}" = 1 ]; then
  DISK="file=$VM/disk.img,format=raw"
else
  rm -f "$VM/run/overlay.qcow2"
  qemu-img create -q -f qcow2 -b "$VM/disk.img" -F raw "$VM/run/overlay.qcow2" || exit 4
  DISK="file=$VM/run/overlay.qcow2,format=qcow2"
fi

if [ "${RUNVM_LIVE:-0}" = 1 ]; then CONSOLE=/dev/stderr; else CONSOLE=$VM/console.log; fi
if [ "${RUNVM_ACCEL:-tcg}" = kvm ]; then
  ACCEL=(-enable-kvm -cpu host,-arch-capabilities)
else
  ACCEL=(-accel tcg,thread=multi,tb-size=1024 -cpu max)
fi
timeout --foreground -k 10 "${RUNVM_TIMEOUT:-7200}" \
  qemu-system-x86_64 "${ACCEL[@]}" -smp "${RUNVM_CPUS:-2}" -m "${RUNVM_MEM:-16G}" \
    -nographic -no-reboot -nodefaults -serial stdio -monitor none \
    -kernel "${RUNVM_KERNEL:-$VM/vmlinuz}" -initrd "${RUNVM_INITRD:-$VM/initrd.img}" \
    -append "root=/dev/vda rw console=ttyS0 init=/bench/init.sh quiet panic=1" \
    -drive "$DISK,if=virtio,cache=unsafe" \
    -virtfs local,path="$SHARE",mount_tag=share,security_model=none,id=share \
    -device virtio-rng-pci \
    </dev/null >"$CONSOLE" 2>&1
qrc=$?

[ -f "$SHARE/out.log" ] && cat "$SHARE/out.log"
if [ -f "$SHARE/exit_code" ]; then
  exit "$(cat "$SHARE/exit_code")"
fi
echo "run-in-vm: guest gave no exit code (qemu rc=$qrc); see $VM/console.log" >&2
tail -30 "$VM/console.log" >&2 2>/dev/null
exit 125
RUN_EOF
chmod 755 "$VM/run-in-vm"

# 6. kernel, initrd, disk image (no loop mounts: mkfs.ext4 -d)
cp -L "$R/vmlinuz" "$VM/vmlinuz"; cp -L "$R/initrd.img" "$VM/initrd.img"
rm -f "$VM/disk.img" "$VM/run/overlay.qcow2"
truncate -s 20G "$VM/disk.img"
mkfs.ext4 -q -F -L benchroot -d "$R" "$VM/disk.img"
echo "done: $VM/run-in-vm 'command' boots the guest"
