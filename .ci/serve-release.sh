# Sourced by the browser benchmarks: starts the release build of Duo on its own SurrealKV folder
# with the demo programme, on $port (default $1), and stops it and removes the folder on exit.
# The release is built first (.ci/build --release) unless DUO_BENCH_NO_BUILD is set.
[ -n "${DUO_BENCH_NO_BUILD:-}" ] || bash .ci/build --release
port=${DUO_BENCH_PORT:-${1:?the port}}
dir=$(mktemp -d)
./target/release/duo serve --db "surrealkv://$dir/data" --demo --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for i in $(seq 1 121); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  if [ "$i" = 121 ] || ! kill -0 $server 2>/dev/null; then
    echo "Duo did not start (see below)" >&2; cat "$dir/server.log" >&2; exit 1
  fi
  sleep 1
done
