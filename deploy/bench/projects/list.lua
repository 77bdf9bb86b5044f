-- wrk: list through the gateway, over the benchmark's accounts and projects (pool.lua).
dofile(os.getenv("BENCH_LIB"))

function request()
  local entry = next_entry()
  return wrk.format("GET", "/api/v1/projects?limit=50", auth(entry.token))
end
