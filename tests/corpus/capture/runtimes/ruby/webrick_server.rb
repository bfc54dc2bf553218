require "webrick"
server = WEBrick::HTTPServer.new(BindAddress: ARGV[0], Port: Integer(ARGV[1]), DocumentRoot: __dir__)
trap("INT") { server.shutdown }
server.start
