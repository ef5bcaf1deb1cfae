#!/usr/bin/env bash
# A one-node Slurm cluster in a folder, for the cluster tests:
#   slurmcluster.sh start DIR [PID]
#                               writes a MUNGE key and slurm.conf (this host's
#                               short name, its CPUs) into DIR, starts munged,
#                               slurmctld and slurmd, and waits for the node;
#                               with PID, stops them when that process ends
#                               (a test that crashes leaves no daemons behind)
#   slurmcluster.sh stop DIR    stops the daemons started from DIR
# Client commands then need SLURM_CONF=DIR/slurm.conf. Needs root.
set -euo pipefail
action="$1"
dir="$(cd "$2" && pwd)"
watched="${3:-}"

stop() {
  for daemon in slurmd slurmctld munged; do
    if [ -s "$dir/$daemon.pid" ]; then
      pid="$(cat "$dir/$daemon.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$daemon.pid"
    fi
  done
}

if [ "$action" = stop ]; then
  stop
  exit 0
fi

host="$(hostname -s)"
cpus="$(nproc)"
# Ports of our own, so an installed cluster on the usual ones is left alone.
base=$((20000 + RANDOM % 20000))
mkdir -p "$dir/ctld" "$dir/spool" "$dir/munge"
chmod 700 "$dir/munge"
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
cat > "$dir/slurm.conf" <<CONF
ClusterName=brushworktest
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
KillWait=10
MaxArraySize=1001
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/munge.seed"
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$dir/slurm.conf"
slurmd -f "$dir/slurm.conf"
for _ in $(seq 300); do
  if sinfo -h -N -o "%T" 2>/dev/null | grep -qE "^(idle|mixed|allocated)"; then
    if [ -n "$watched" ]; then
      (while kill -0 "$watched" 2>/dev/null; do sleep 1; done; stop) </dev/null >/dev/null 2>&1 &
    fi
    exit 0
  fi
  sleep 0.1
done
echo "The one-node cluster did not come up in 30 s; its logs:" >&2
tail -n 20 "$dir"/*.log >&2 || true
stop
exit 1
