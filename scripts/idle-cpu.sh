#!/usr/bin/env bash
# How much CPU an idle silo uses: builds the Silo in Release, starts it as README's run command does (SQLite, on a
# throwaway data folder and free ports), waits for /health/ready, lets it settle, then samples the silo process's
# utime+stime from /proc over a window and prints the share of one core. The target is < 0.5 %.
#
#   scripts/idle-cpu.sh [--settle SECONDS] [--sample SECONDS] [--threads] [--no-build] [-- silo settings...]
#
# --threads also prints the threads that used CPU during the window (from /proc/<pid>/task/*/stat), busiest first.
# Settings after -- go to the silo (--ObjectStore:Provider=..., or any other); environment variables pass through, so
# runtime knobs can be compared without a rebuild (DOTNET_gcServer=1 scripts/idle-cpu.sh).
set -euo pipefail

settle=60
sample=60
threads=false
build=true
while (($#)); do
  case "$1" in
    --settle) settle="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    --threads) threads=true; shift ;;
    --no-build) build=false; shift ;;
    --) shift; break ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d -t objectstore-idle-XXXXXX)"
log="$data/silo.log"
run_pid=""
silo_pid=""

stop() {
  # SIGTERM, not SIGINT: a background job of a script ignores SIGINT, and dotnet run does not pass SIGTERM on to the
  # silo, so the silo is told itself; the host then stops gracefully.
  local pid
  for pid in $silo_pid $run_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $silo_pid $run_pid; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$data"
}
trap stop EXIT

# A port nothing listens on, so that the measurement runs beside another silo on this machine.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
}

if $build; then
  dotnet build "$repo/Silo" -c Release -v q -nologo >/dev/null
fi

http_port="$(free_port)"
dotnet run -c Release --no-build --project "$repo/Silo" -- \
  "--ObjectStore:DataFolder=$data" "--Urls=http://127.0.0.1:$http_port" \
  "--Cluster:SiloPort=$(free_port)" "--Cluster:GatewayPort=$(free_port)" "$@" >"$log" 2>&1 &
run_pid=$!

ready=false
for _ in $(seq 1 1200); do
  # dotnet run starts the silo as its child; the child is what is measured, and what is stopped.
  [[ -n "$silo_pid" ]] || silo_pid="$(pgrep -P "$run_pid" -f ObjectStore.Silo | head -n 1 || true)"
  if curl -fs -o /dev/null "http://127.0.0.1:$http_port/health/ready"; then ready=true; break; fi
  kill -0 "$run_pid" 2>/dev/null || break
  sleep 0.25
done
if ! $ready; then
  echo "The silo did not become ready; its log:" >&2
  cat "$log" >&2
  exit 1
fi

[[ -n "$silo_pid" ]] || { echo "No silo process under dotnet run ($run_pid)" >&2; exit 1; }

# utime + stime in clock ticks, fields 14 and 15; the command name before them may hold spaces, so count after ')'.
ticks_of() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1"; }
# A thread may exit while it is listed; it is skipped, and never ends the script (set -e) by a failed last test.
thread_ticks() {
  local task
  for task in /proc/"$silo_pid"/task/*; do
    if [[ -r "$task/stat" ]]; then
      printf '%s\t%s\t%s\n' "${task##*/}" "$(ticks_of "$task/stat" 2>/dev/null || echo 0)" "$(cat "$task/comm" 2>/dev/null || true)"
    fi
  done
}

sleep "$settle"
before_threads="$(thread_ticks)"
before="$(ticks_of /proc/"$silo_pid"/stat)"
start_ns="$(date +%s%N)"
sleep "$sample"
after="$(ticks_of /proc/"$silo_pid"/stat)"
end_ns="$(date +%s%N)"
after_threads="$(thread_ticks)"

hz="$(getconf CLK_TCK)"
thread_count="$(ls /proc/"$silo_pid"/task | wc -l)"
rss_kib="$(awk '/VmRSS/ { print $2 }' /proc/"$silo_pid"/status)"
awk -v ticks=$((after - before)) -v hz="$hz" -v ns=$((end_ns - start_ns)) -v threads="$thread_count" -v rss="$rss_kib" \
  'BEGIN { seconds = ns / 1e9; printf "idle silo: %.2f%% of one core (%.2f s CPU in %.1f s), %d threads, RSS %d MiB\n", 100 * ticks / hz / seconds, ticks / hz, seconds, threads, rss / 1024 }'

if $threads; then
  # Threads are matched by id; one started during the window counts from zero. Threads of one name are summed.
  echo "threads that used CPU in the window (ticks of 1/$hz s):"
  awk -F '\t' 'FNR == NR { before[$1] = $2; next } { used = $2 - before[$1]; if (used > 0) { sum[$3] += used; count[$3]++ } }
    END { for (name in sum) printf "%6d  %s (x%d)\n", sum[name], name, count[name] }' \
    <(printf '%s\n' "$before_threads") <(printf '%s\n' "$after_threads") | sort -rn
fi
