-- Shared by the projects benchmark scripts: each wrk thread takes its share of the accounts the
-- benchmark made (file BENCH_POOL: one "token project_id" line per project, 5 per account; for the
-- Parse peer "session_token project_object_id user_object_id").
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
      local token, project, user = line:match("^(%S+)%s+(%S+)%s*(%S*)$")
      table.insert(pool, {token = token, project = project, user = user})
    end
    index = index + 1
  end
  math.randomseed(os.time() + tid)
end

function next_entry()
  counter = counter + 1
  return pool[(counter % #pool) + 1], counter
end

function auth(token)
  return {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
end

-- Parse Server's headers for a user's session (the peer).
function parse_auth(token)
  return {["Content-Type"] = "application/json", ["X-Parse-Application-Id"] = "bench", ["X-Parse-Session-Token"] = token}
end
