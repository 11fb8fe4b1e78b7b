-- wrk script for bench/serve.sh: POST /v1/assess, rotating the case bodies
-- given as script arguments (JSON files); prints the figures at the end.
local reqs = {}
local i = 0

function init(args)
  if args[1] == "--get" then
    reqs[1] = wrk.format("GET", wrk.path)
    return
  end
  for _, path in ipairs(args) do
    local f = assert(io.open(path, "rb"))
    local body = f:read("*a")
    f:close()
    reqs[#reqs + 1] = wrk.format("POST", "/v1/assess", { ["Content-Type"] = "application/json" }, body)
  end
  assert(#reqs > 0, "no case files")
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format("requests=%d seconds=%.1f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
