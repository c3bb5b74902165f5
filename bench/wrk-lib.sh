# Shared by the wrk load scripts (http-load.sh, invoke-load.sh): source it, do not run it.

# wrk from Debian packages when it is missing
need_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "Installing wrk from Debian packages" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
  fi
}

to_ms() { # wrk latency (e.g. 812.00us, 1.23ms, 1.01s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
