-- wrk, Parse peer: a project object by id with the owner's session (the ACL checked), over the
-- benchmark's Parse users (pool.lua).
dofile(os.getenv("BENCH_LIB"))

function request()
  local entry = next_entry()
  return wrk.format("GET", "/parse/classes/BenchProject/" .. entry.project, parse_auth(entry.token))
end
