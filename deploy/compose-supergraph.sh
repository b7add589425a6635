#!/usr/bin/env bash
# Composes the hub's module subgraphs into a federation supergraph for Hive Gateway.
#
#   compose-supergraph.sh --out SUPERGRAPH.graphql [--url NAME=ROUTING_URL]... NAME=SOURCE...
#
# Each NAME=SOURCE is one subgraph (NAME: directory, internships, ...). SOURCE is either
#   - a file with the module's subgraph SDL as printed by `hub schema --module NAME`; its routing
#     URL (where the router sends requests) must then be given with --url NAME=URL; or
#   - the http(s) URL of a running `hub serve --module NAME` (http://host:8080/graphql): the SDL
#     is read from its `{ _service { sdl } }` field, the field federation routers and tools read,
#     and the same URL is the routing URL unless --url says otherwise.
# Composition is tests/federation/compose.mjs (@theguild/federation-composition, pinned by the
# lockfile there); it fails on any composition error. FEDERATION_DIR is the directory holding
# compose.mjs and its node_modules (default: tests/federation beside this script's deploy/;
# /federation in the image from deploy/federation.Dockerfile). The result replaces --out only
# once it is complete, so a router watching the file never reads half of one.
#
# Examples:
#   # files, e.g. for the Kubernetes ConfigMap (deploy/k8s/split)
#   hub schema --module directory > dir.graphql; hub schema --module internships > int.graphql
#   deploy/compose-supergraph.sh --out deploy/k8s/split/supergraph.graphql \
#     --url directory=http://hub-directory:8080/graphql \
#     --url internships=http://hub-internships:8080/graphql \
#     directory=dir.graphql internships=int.graphql
#   # running subgraphs (what compose.split.yaml does)
#   compose-supergraph --out /supergraph/supergraph.graphql \
#     directory=http://directory:8080/graphql internships=http://internships:8080/graphql
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
federation_dir="${FEDERATION_DIR:-$here/../tests/federation}"
attempts="${SUPERGRAPH_FETCH_ATTEMPTS:-30}"

out=""
declare -a url_args=() specs=()
declare -A routing=()
while (($#)); do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    --url) url_args+=("$1" "${2:?--url needs NAME=URL}"); routing["${2%%=*}"]=1; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "compose-supergraph: unknown option $1" >&2; usage ;;
    *=*) specs+=("$1"); shift ;;
    *) echo "compose-supergraph: expected NAME=SOURCE, got '$1'" >&2; usage ;;
  esac
done
[[ -n $out ]] || { echo "compose-supergraph: --out is required" >&2; usage; }
((${#specs[@]})) || { echo "compose-supergraph: no subgraph given" >&2; usage; }
[[ -f $federation_dir/compose.mjs ]] || {
  echo "compose-supergraph: $federation_dir/compose.mjs not found (set FEDERATION_DIR)" >&2; exit 2; }
[[ -d $federation_dir/node_modules ]] || {
  echo "compose-supergraph: $federation_dir/node_modules missing: run npm ci --prefix $federation_dir" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Reads `{ _service { sdl } }` from a running subgraph, retrying while it starts.
fetch_sdl() { # URL FILE
  # shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell
  node -e '
    const [url, file, attempts] = process.argv.slice(1);
    const query = JSON.stringify({ query: "{ _service { sdl } }" });
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    (async () => {
      let last = "";
      for (let i = 1; i <= Number(attempts); i++) {
        try {
          const res = await fetch(url, { method: "POST", body: query,
            headers: { "content-type": "application/json", accept: "application/json" } });
          const body = await res.json();
          const sdl = body?.data?._service?.sdl;
          if (res.ok && typeof sdl === "string" && sdl.trim()) {
            require("node:fs").writeFileSync(file, sdl);
            return;
          }
          last = `HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`;
        } catch (e) { last = String(e?.cause ?? e); }
        if (i < Number(attempts)) await sleep(2000);
      }
      console.error(`compose-supergraph: no SDL from ${url} after ${attempts} attempt(s): ${last}`);
      process.exit(1);
    })();
  ' "$1" "$2" "$attempts"
}

declare -a compose_args=()
for spec in "${specs[@]}"; do
  name="${spec%%=*}" source="${spec#*=}"
  [[ $name =~ ^[A-Za-z0-9_-]+$ ]] || { echo "compose-supergraph: bad subgraph name '$name'" >&2; exit 2; }
  case "$source" in
    http://*|https://*)
      echo "compose-supergraph: reading the SDL of '$name' from $source" >&2
      fetch_sdl "$source" "$work/$name.graphql"
      [[ -n ${routing[$name]:-} ]] || url_args+=(--url "$name=$source")
      ;;
    *)
      [[ -r $source ]] || { echo "compose-supergraph: cannot read $source" >&2; exit 2; }
      [[ -n ${routing[$name]:-} ]] || {
        echo "compose-supergraph: '$name' comes from a file; give its routing URL with --url $name=URL" >&2; exit 2; }
      cp "$source" "$work/$name.graphql"
      ;;
  esac
  compose_args+=("$name=$work/$name.graphql")
done

partial="$out.partial.$$"
node "$federation_dir/compose.mjs" --out "$partial" "${url_args[@]}" "${compose_args[@]}" || {
  rm -f "$partial"; exit 1; }
mv -f "$partial" "$out"
echo "compose-supergraph: wrote $out (${#specs[@]} subgraph(s))" >&2
