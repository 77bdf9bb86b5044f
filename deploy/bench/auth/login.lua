-- wrk: logins of the accounts the benchmark registered first (BENCH_USERS of them), in turn; with
-- BENCH_PEER=parse, of the Parse users it signed up (Parse's login and headers).
local users = tonumber(os.getenv("BENCH_USERS") or "64")
local prefix = os.getenv("BENCH_PREFIX")
local parse = os.getenv("BENCH_PEER") == "parse"
local counter = 0

function setup(thread)
  thread:set("offset", tostring(math.random(0, users - 1)))
end

function request()
  counter = counter + 1
  local n = (counter + tonumber(offset)) % users
  if parse then
    local body = string.format('{"username":"%s-%d@bench.example.com","password":"bench password 123"}', prefix, n)
    return wrk.format("POST", "/parse/login", {["Content-Type"] = "application/json", ["X-Parse-Application-Id"] = "bench"}, body)
  end
  local body = string.format('{"email":"%s-%d@bench.example.com","password":"bench password 123"}', prefix, n)
  return wrk.format("POST", "/auth/login", {["Content-Type"] = "application/json"}, body)
end
