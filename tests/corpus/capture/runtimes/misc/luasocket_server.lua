-- LuaSocket TCP/UDP server; assert() on bind like the manual's examples
local socket = require("socket")
local host, port, proto = arg[1], tonumber(arg[2]), arg[3] or "tcp"
if proto == "udp" then
  local u = assert(socket.udp())
  assert(u:setsockname(host, port))
  print("udp listening on " .. host .. ":" .. port)
  while true do print(u:receivefrom()) end
else
  local server = assert(socket.bind(host, port))
  print("listening on " .. host .. ":" .. port)
  while true do local c = server:accept(); c:close() end
end
