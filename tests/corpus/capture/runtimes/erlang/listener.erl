%% a gen_server that opens its listen socket in init/1 (badmatch -> crash report)
-module(listener).
-behaviour(gen_server).
-export([start_link/1, init/1, handle_call/3, handle_cast/2]).

start_link(Port) -> gen_server:start_link({local, ?MODULE}, ?MODULE, Port, []).

init(Port) ->
    {ok, LSock} = gen_tcp:listen(Port, [binary, {active, false}]),
    {ok, LSock}.

handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
