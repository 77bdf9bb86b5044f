-- wrk: create through the gateway, over the benchmark's accounts and projects (pool.lua).
dofile(os.getenv("BENCH_LIB"))

function request()
  local entry, n = next_entry()
  local body = string.format("{\"path\":\"bench/%d/%d-%d.txt\",\"content\":\"hello from the benchmark\"}", tid, n, math.random(1, 1e9))
  return wrk.format("POST", "/api/v1/projects/" .. entry.project .. "/files", auth(entry.token), body)
end
