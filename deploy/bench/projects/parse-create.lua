-- wrk, Parse peer: a file object in the user's project, readable and writable by its owner only
-- (the ACL Parse checks, as our service checks ownership), over the benchmark's Parse users (pool.lua).
dofile(os.getenv("BENCH_LIB"))

function request()
  local entry, n = next_entry()
  local body = string.format("{\"project\":\"%s\",\"path\":\"bench/%d/%d-%d.txt\",\"content\":\"hello from the benchmark\","
    .. "\"ACL\":{\"%s\":{\"read\":true,\"write\":true}}}", entry.project, tid, n, math.random(1, 1e9), entry.user)
  return wrk.format("POST", "/parse/classes/BenchFile", parse_auth(entry.token), body)
end
