-- wrk: GET /api/v1/projects/{id}/search?q=... through the gateway. BENCH_POOL has one
-- "token project_id url-encoded-query" line per query (SearchBench.java's queries, the same the engine
-- is asked directly); each wrk thread takes its share of the lines, in turn.
local pool = {}
local counter = 0
local threads_made = 0

function setup(thread)
  thread:set("tid", threads_made)
  threads_made = threads_made + 1
end

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("BENCH_POOL")) do
    if index % threads == tid then
      local token, project, query = line:match("^(%S+)%s+(%S+)%s+(%S+)$")
      table.insert(pool, {token = token, project = project, query = query})
    end
    index = index + 1
  end
end

function request()
  counter = counter + 1
  local entry = pool[(counter % #pool) + 1]
  return wrk.format("GET", "/api/v1/projects/" .. entry.project .. "/search?q=" .. entry.query,
    {["Authorization"] = "Bearer " .. entry.token})
end

-- One machine-readable line for search.sh: requests, duration (µs), p50 and p99 (µs), non-2xx answers,
-- socket errors (connect, read, write, timeout).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
