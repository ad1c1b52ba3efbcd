#!/usr/bin/env bash
# How much CPU an idle silo uses: builds the Silo in Release, starts it as README's run command does (SQLite, on a
# throwaway data folder and free ports), waits for /health/ready, lets it settle, then samples the silo process's
# utime+stime from /proc over a window and prints the share of one core. The target is < 0.5 %.
#
#   scripts/idle-cpu.sh [--settle SECONDS] [--sample SECONDS] [--minutes N] [--threads] [--no-build] [-- silo settings...]
#
# --minutes N samples N windows back to back (each --sample long) and prints each one's share with the time it started
# (seconds since ready), so a window that holds a periodic job shows up among the quiet ones; then the whole span's.
# --threads also prints the threads that used CPU during each window (from /proc/<pid>/task/*/stat), busiest first.
# Settings after -- go to the silo (--ObjectStore:Provider=..., or any other); environment variables pass through, so
# runtime knobs can be compared without a rebuild (DOTNET_gcServer=1 scripts/idle-cpu.sh).
set -euo pipefail

settle=60
sample=60
minutes=1
threads=false
build=true
while (($#)); do
  case "$1" in
    --settle) settle="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
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

ready_ns="$(date +%s%N)"
hz="$(getconf CLK_TCK)"

# Windows are back to back: each boundary's reading ends one window and starts the next, and each window ends on
# schedule however long the thread listing took, so that no second of the span goes unmeasured.
sleep "$settle"
ticks="$(ticks_of /proc/"$silo_pid"/stat)"
now_ns="$(date +%s%N)"
first_ticks="$ticks"
first_ns="$now_ns"
threads_before="$(thread_ticks)"
for window in $(seq 1 "$minutes"); do
  start_ticks="$ticks"
  start_ns="$now_ns"
  sleep "$(awk -v due=$((first_ns + window * sample * 1000000000)) -v now="$(date +%s%N)" 'BEGIN { s = (due - now) / 1e9; print (s > 0 ? s : 0) }')"
  ticks="$(ticks_of /proc/"$silo_pid"/stat)"
  now_ns="$(date +%s%N)"
  threads_after="$(thread_ticks)"
  awk -v label="idle silo, window $window/$minutes" -v ticks=$((ticks - start_ticks)) -v hz="$hz" -v ns=$((now_ns - start_ns)) \
    -v from=$(((start_ns - ready_ns) / 1000000000)) -v threads="$(ls /proc/"$silo_pid"/task | wc -l)" \
    -v rss="$(awk '/VmRSS/ { print $2 }' /proc/"$silo_pid"/status)" \
    'BEGIN { seconds = ns / 1e9; printf "%s from %d s: %.2f%% of one core (%.2f s CPU in %.1f s), %d threads, RSS %d MiB\n", label, from, 100 * ticks / hz / seconds, ticks / hz, seconds, threads, rss / 1024 }'
  if $threads; then
    # Threads are matched by id; one started during the window counts from zero, one that started and ended within it
    # is not listed (its time is in the total). Threads of one name are summed.
    echo "threads that used CPU in the window (ticks of 1/$hz s):"
    awk -F '\t' 'FNR == NR { before[$1] = $2; next } { used = $2 - before[$1]; if (used > 0) { sum[$3] += used; count[$3]++ } }
      END { for (name in sum) printf "%6d  %s (x%d)\n", sum[name], name, count[name] }' \
      <(printf '%s\n' "$threads_before") <(printf '%s\n' "$threads_after") | sort -rn
  fi
  threads_before="$threads_after"
done
if ((minutes > 1)); then
  awk -v ticks=$((ticks - first_ticks)) -v hz="$hz" -v ns=$((now_ns - first_ns)) \
    'BEGIN { seconds = ns / 1e9; printf "idle silo, all windows: %.2f%% of one core (%.2f s CPU in %.1f s)\n", 100 * ticks / hz / seconds, ticks / hz, seconds }'
fi
