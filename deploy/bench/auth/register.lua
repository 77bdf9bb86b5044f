-- wrk: each request registers a new account (unique e-mail per thread and request).
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
  local body = string.format('{"email":"%s-%d@bench.example.com","name":"Bench User","password":"bench password 123"}', prefix, counter)
  return wrk.format("POST", "/auth/register", {["Content-Type"] = "application/json"}, body)
end
