-- wrk: each request registers a new account (unique e-mail per thread and request); with
-- BENCH_PEER=parse, signs up a new Parse user (Parse's sign-up and headers).
local parse = os.getenv("BENCH_PEER") == "parse"
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = "bench-" .. tid .. "-" .. os.time()
end

function request()
  counter = counter + 1
  local email = string.format("%s-%d@bench.example.com", prefix, counter)
  if parse then
    local body = string.format('{"username":"%s","email":"%s","password":"bench password 123"}', email, email)
    return wrk.format("POST", "/parse/users", {["Content-Type"] = "application/json", ["X-Parse-Application-Id"] = "bench"}, body)
  end
  local body = string.format('{"email":"%s","name":"Bench User","password":"bench password 123"}', email)
  return wrk.format("POST", "/auth/register", {["Content-Type"] = "application/json"}, body)
end
