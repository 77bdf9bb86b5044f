-- wrk: update through the gateway, over the benchmark's accounts and projects (pool.lua).
dofile(os.getenv("BENCH_LIB"))

function request()
  local entry, n = next_entry()
  return wrk.format("PUT", "/api/v1/projects/" .. entry.project, auth(entry.token), string.format("{\"name\":\"renamed %d\"}", n))
end
